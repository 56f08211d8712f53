import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { submitTheme } from "~/lib/theme/theme-form.server";

// The theme switch's form posts here when JavaScript is off (with it, the page sets the cookie).
export async function action({ request }: ActionFunctionArgs) {
  return submitTheme(request);
}

export function loader() {
  return redirect("/");
}

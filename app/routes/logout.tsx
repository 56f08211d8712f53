import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

// Logging out changes state, so only POST does it (the nav's button); a GET just goes home.
export async function action({ request }: ActionFunctionArgs) {
  const { logout } = await import("~/lib/auth/account.server");
  return logout(request);
}

export function loader() {
  return redirect("/");
}

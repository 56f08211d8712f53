import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { lazy } from "~/lib/lazy";

const accountModule = lazy(() => import("~/lib/auth/account.server"));

// Logging out changes state, so only POST does it (the nav's button); a GET just goes home.
export async function action({ request }: ActionFunctionArgs) {
  const { logout } = await accountModule();
  return logout(request);
}

export function loader() {
  return redirect("/");
}

// POST /v1/auth/logout: revokes the access token's sign-in (or every one, with {"everywhere": true}).
import type { ActionFunctionArgs } from "@remix-run/node";
import { lazy } from "~/lib/lazy";

const authEndpointsModule = lazy(() => import("~/lib/api/auth-endpoints.server"));

export async function action({ request }: ActionFunctionArgs) {
  const { logoutEndpoint } = await authEndpointsModule();
  return logoutEndpoint(request);
}

export async function loader({ request, context }: ActionFunctionArgs) {
  return action({ request, context, params: {} });
}

// POST /v1/auth/token: email and password → an access token and a refresh token (decision 017).
import type { ActionFunctionArgs } from "@remix-run/node";
import { lazy } from "~/lib/lazy";

const authEndpointsModule = lazy(() => import("~/lib/api/auth-endpoints.server"));

export async function action({ request, context }: ActionFunctionArgs) {
  const { tokenEndpoint } = await authEndpointsModule();
  return tokenEndpoint(request, context);
}

export async function loader({ request, context }: ActionFunctionArgs) {
  return action({ request, context, params: {} });
}

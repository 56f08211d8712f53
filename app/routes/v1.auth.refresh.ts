// POST /v1/auth/refresh: a refresh token → a new pair; the presented one is spent (decision 017).
import type { ActionFunctionArgs } from "@remix-run/node";
import { lazy } from "~/lib/lazy";

const authEndpointsModule = lazy(() => import("~/lib/api/auth-endpoints.server"));

export async function action({ request, context }: ActionFunctionArgs) {
  const { refreshEndpoint } = await authEndpointsModule();
  return refreshEndpoint(request, context);
}

export async function loader({ request, context }: ActionFunctionArgs) {
  return action({ request, context, params: {} });
}

// POST /v1/auth/token: email and password → an access token and a refresh token (decision 017).
import type { ActionFunctionArgs } from "@remix-run/node";

export async function action({ request, context }: ActionFunctionArgs) {
  const { tokenEndpoint } = await import("~/lib/api/auth-endpoints.server");
  return tokenEndpoint(request, context);
}

export async function loader({ request, context }: ActionFunctionArgs) {
  return action({ request, context, params: {} });
}

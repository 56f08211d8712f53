// GET /v1/me: the access token's user and plan.
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request }: LoaderFunctionArgs) {
  const { meEndpoint } = await import("~/lib/api/me.server");
  return meEndpoint(request);
}

export async function action({ request, context }: LoaderFunctionArgs) {
  return loader({ request, context, params: {} });
}

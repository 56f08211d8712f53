// GET /v1/me: the access token's user and plan.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lazy } from "~/lib/lazy";

const me = lazy(() => import("~/lib/api/me.server"));

export async function loader({ request }: LoaderFunctionArgs) {
  const { meEndpoint } = await me();
  return meEndpoint(request);
}

export async function action({ request, context }: LoaderFunctionArgs) {
  return loader({ request, context, params: {} });
}

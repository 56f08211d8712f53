// Any other /v1 path: a problem-details 404, as the rest of the API answers, not the site's page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lazy } from "~/lib/lazy";

const problemModule = lazy(() => import("~/lib/http/problem"));

export async function loader({ request }: LoaderFunctionArgs) {
  const { problem } = await problemModule();
  return problem(404, "not_found", `There is no ${new URL(request.url).pathname} in this API: see /v1/openapi.json.`);
}

export const action = loader;

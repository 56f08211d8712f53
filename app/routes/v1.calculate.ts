import type { ActionFunctionArgs } from "@remix-run/node";
import { calculate, calculateMethodNotAllowed } from "~/lib/calculator/api.server";
import { lazy } from "~/lib/lazy";

// Loaded on demand: the store client (ioredis) is not part of a guest's cold start.
const apiLimit = lazy(() => import("~/lib/rate-limit/api-limit.server"));

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return calculateMethodNotAllowed("Use POST.");
  const { limitCalculation } = await apiLimit();
  const limited = await limitCalculation(context);
  return limited ?? calculate(request);
}

export function loader() {
  return calculateMethodNotAllowed("Use POST with a JSON body.");
}

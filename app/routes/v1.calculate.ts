import type { ActionFunctionArgs } from "@remix-run/node";
import { calculate, calculateMethodNotAllowed } from "~/lib/calculator/api.server";

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return calculateMethodNotAllowed("Use POST.");
  // Loaded on demand: the store client (ioredis) is not part of a guest's cold start.
  const { limitCalculation } = await import("~/lib/rate-limit/api-limit.server");
  const limited = await limitCalculation(context);
  return limited ?? calculate(request);
}

export function loader() {
  return calculateMethodNotAllowed("Use POST with a JSON body.");
}

import type { ActionFunctionArgs } from "@remix-run/node";
import { calculate } from "~/lib/calculator/api.server";
import { ALLOW_POST, jsonError } from "~/lib/http/http-error";

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return jsonError(405, "Use POST.", ALLOW_POST);
  // Loaded on demand: the store client (ioredis) is not part of a guest's cold start.
  const { limitCalculation } = await import("~/lib/rate-limit/api-limit.server");
  const limited = await limitCalculation(context);
  return limited ?? calculate(request);
}

export function loader() {
  return jsonError(405, "Use POST with a JSON body.", ALLOW_POST);
}

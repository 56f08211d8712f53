import type { ActionFunctionArgs } from "@remix-run/node";
import { calculate, errorResponse } from "~/lib/calculate-api.server";

export function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return errorResponse(405, "Use POST.", { Allow: "POST" });
  return calculate(request);
}

export function loader() {
  return errorResponse(405, "Use POST with a JSON body.", { Allow: "POST" });
}

// DELETE /v1/history/{id}, in the history Lambda (app.arc).
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function action({ request, params }: LoaderFunctionArgs) {
  const { historyItem } = await import("~/lib/api/history-endpoints.server");
  return historyItem(request, params.id);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return action({ request, context, params });
}

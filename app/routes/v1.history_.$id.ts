// DELETE /v1/history/{id}, in the history Lambda (app.arc).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lazy } from "~/lib/lazy";

const endpoints = lazy(() => import("~/lib/api/history-endpoints.server"));

export async function action({ request, params }: LoaderFunctionArgs) {
  const { historyItem } = await endpoints();
  return historyItem(request, params.id);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return action({ request, context, params });
}

// GET, POST and DELETE /v1/history, in the history Lambda (app.arc). Logic:
// app/lib/api/history-endpoints.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lazy } from "~/lib/lazy";

const endpoints = lazy(() => import("~/lib/api/history-endpoints.server"));

export async function loader({ request }: LoaderFunctionArgs) {
  const { historyCollection } = await endpoints();
  return historyCollection(request);
}

export async function action({ request, context }: LoaderFunctionArgs) {
  return loader({ request, context, params: {} });
}

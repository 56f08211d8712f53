// GET /history/export.csv: the premium CSV export (app/lib/history/export-request.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lazy } from "~/lib/lazy";

const exportRequestModule = lazy(() => import("~/lib/history/export-request.server"));

export async function loader({ request }: LoaderFunctionArgs) {
  const { handleExportRequest } = await exportRequestModule();
  return handleExportRequest(request);
}

// GET /history/export.csv: the premium CSV export (app/lib/history/export-request.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request }: LoaderFunctionArgs) {
  const { handleExportRequest } = await import("~/lib/history/export-request.server");
  return handleExportRequest(request);
}

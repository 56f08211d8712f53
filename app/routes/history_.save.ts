// POST /history/save: the calculator's background save (JavaScript on). In the history Lambda, so
// the calculator Lambda never loads Prisma for it. Logic: app/lib/history/save-request.server.ts.
import type { ActionFunctionArgs } from "@remix-run/node";
import { ALLOW_POST } from "~/lib/http/http-error";
import { lazy } from "~/lib/lazy";

const saveRequest = lazy(() => import("~/lib/history/save-request.server"));

export function loader() {
  return new Response("Use POST.", { status: 405, headers: ALLOW_POST });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { handleSaveRequest } = await saveRequest();
  return handleSaveRequest(request, context);
}

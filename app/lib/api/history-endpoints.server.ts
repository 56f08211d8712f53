// The history over the API: GET/POST/DELETE /v1/history and DELETE /v1/history/{id}, for the
// caller of the access token only. The same rules as the page: free users see their latest
// FREE_HISTORY_LIMIT results; search and dates are premium (a free caller asking gets 403); the
// server evaluates what it saves; another user's id is simply not found.
import * as z from "zod/mini";
import { INPUT_MODES, type InputMode } from "../calculator/input-mode";
import { readJsonBody } from "../http/body.server";
import { deleteUserArchive } from "../history/archive/user-archive.server";
import { clearEntries, deleteEntry, saveEntry } from "../history/entries.server";
import { evaluateForSave } from "../history/evaluate-for-save";
import { FREE_HISTORY_LIMIT, MAX_SAVED_EXPRESSION_LENGTH } from "../history/limits";
import { listEntries } from "../history/list.server";
import type { HistoryEntry } from "../history/types";
import { emitMetric } from "../observability/metrics.server";
import { requireApiCaller } from "./bearer.server";
import { parseHistoryQuery } from "./history-query";
import { answeringProblems, apiJson, methodNotAllowed, problem } from "../http/problem";

const MAX_BODY_BYTES = 16 * 1024;
const ROW_ID = /^[A-Za-z0-9-]{1,64}$/;

const saveRequest = z.strictObject({
  expression: z.string().check(z.minLength(1), z.maxLength(MAX_SAVED_EXPRESSION_LENGTH)),
  input: z.optional(z.enum(INPUT_MODES as [InputMode, ...InputMode[]])),
});

export type ApiHistoryItem = { id: string; expression: string; result: string; created_at: string; input: InputMode | null };

const item = (entry: HistoryEntry): ApiHistoryItem => ({
  id: entry.id,
  expression: entry.expression,
  result: entry.result,
  created_at: entry.createdAt.toISOString(),
  input: entry.metadata.input ?? null,
});

export function historyCollection(request: Request): Promise<Response> {
  return answeringProblems(async () => {
    const method = request.method.toUpperCase();
    if (method !== "GET" && method !== "POST" && method !== "DELETE") return methodNotAllowed("GET, POST, DELETE");
    const { user, premium } = await requireApiCaller(request);
    if (method === "GET") return list(request, user.id, premium);
    if (method === "POST") return save(request, user.id);
    // The table first, then the archive (see the page's "clear": same order, same reason).
    const deleted = await clearEntries(user.id);
    await deleteUserArchive(user.id);
    return apiJson({ deleted });
  });
}

async function list(request: Request, userId: string, premium: boolean): Promise<Response> {
  const query = parseHistoryQuery(new URL(request.url).searchParams);
  if ("problem" in query) return problem(400, "validation_failed", query.problem);
  if (query.filtered && !premium) {
    return problem(403, "plan_limit", "Search and date filters are part of Premium. Without them, the latest results are listed.");
  }
  const page = await listEntries(userId, { premium, cursor: query.cursor, filters: query.filters, pageSize: query.limit });
  return apiJson({
    items: page.entries.map(item),
    next_cursor: page.nextCursor,
    plan: premium ? "premium" : "free",
    hidden_by_plan: page.hiddenByPlan,
    free_limit: FREE_HISTORY_LIMIT,
  });
}

async function save(request: Request, userId: string): Promise<Response> {
  const parsed = saveRequest.safeParse(await readJsonBody(request, MAX_BODY_BYTES));
  if (!parsed.success) {
    return problem(400, "validation_failed", `Send {"expression": "1 + 2"} (1-${MAX_SAVED_EXPRESSION_LENGTH.toLocaleString("en-US")} characters), optionally with "input": "keypad" or "typed".`);
  }
  const evaluated = evaluateForSave(parsed.data.expression);
  if (!evaluated.ok) return problem(422, "unprocessable", evaluated.reason);
  const input = parsed.data.input ?? "typed";
  const id = await saveEntry(userId, { expression: evaluated.expression, result: evaluated.result, metadata: { input } });
  emitMetric("CalculationPerformed", 1, "Count", { source: "api-history" });
  return apiJson({ id, expression: evaluated.expression, result: evaluated.result, input }, 201);
}

export function historyItem(request: Request, id: string | undefined): Promise<Response> {
  return answeringProblems(async () => {
    if (request.method.toUpperCase() !== "DELETE") return methodNotAllowed("DELETE");
    const { user } = await requireApiCaller(request);
    // Scoped by the caller: someone else's id, like an id that never existed, is not found.
    if (!id || !ROW_ID.test(id) || !(await deleteEntry(user.id, id))) return problem(404, "not_found", "There is no such result in your history.");
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  });
}

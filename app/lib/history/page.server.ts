// The /history page: what its loader shows and what its forms do. Every read and write is for
// the signed-in user of the session (requireSessionUser); an id from the form only ever narrows
// that user's own rows, so another user's id is simply "not found".
import { redirect } from "@remix-run/node";
import * as z from "zod/mini";
import { requireSessionUser, orUnavailable } from "../sessions/session.server";
import { readFormOrRefusal } from "../http/body.server";
import { HttpError } from "../http/http-error";
import { deleteUserArchive } from "./archive/user-archive.server";
import { clearEntries, deleteEntry, saveGuestResults } from "./entries.server";
import { evaluateForSave } from "./evaluate-for-save";
import { hasFilters, parsePageQuery } from "./filters.server";
import { guestResultsOf, takeGuestResults } from "../sessions/guest-session.server";
import { FREE_HISTORY_LIMIT } from "./limits";
import { listEntries } from "./list.server";
import { isPremium } from "../billing/plan.server";
import type { GuestResult } from "../sessions/guest-results";

export const NOTICES = {
  deleted: "The result was deleted.",
  cleared: "Your history was cleared.",
  kept: "Your results from before you signed up are now in your history.",
  discarded: "Your results from before you signed up were discarded.",
} as const;
type Notice = keyof typeof NOTICES;

export type HistoryRow = { id: string; expression: string; result: string; createdAt: string; input: string | null };

export type HistoryPageData = {
  premium: boolean;
  freeLimit: number;
  rows: HistoryRow[];
  nextCursor: string | null;
  firstPage: boolean;
  hiddenByPlan: number;
  /** Premium: the filters in effect, as the form shows them. */
  form: { q: string; from: string; to: string };
  filtered: boolean;
  /** Premium-only filters a free user asked for (ignored). */
  upsell: boolean;
  problems: string[];
  notice: string | null;
  pendingGuestResults: number;
};

export async function loadHistoryPage(request: Request): Promise<HistoryPageData> {
  const user = await requireSessionUser(request);
  const url = new URL(request.url);
  const query = parsePageQuery(url.searchParams);
  const [premium, pending] = await Promise.all([isPremium(user.id), orUnavailable(() => guestResultsOf(request))]);
  const wantsFilters = hasFilters(query.filters);
  const page = await listEntries(user.id, { premium, cursor: query.cursor, filters: premium ? query.filters : undefined });
  const notice = url.searchParams.get("notice");
  return {
    premium,
    freeLimit: FREE_HISTORY_LIMIT,
    rows: page.entries.map((entry) => ({
      id: entry.id,
      expression: entry.expression,
      result: entry.result,
      createdAt: entry.createdAt.toISOString(),
      input: entry.metadata.input ?? null,
    })),
    nextCursor: page.nextCursor,
    firstPage: !query.cursor,
    hiddenByPlan: page.hiddenByPlan,
    form: premium ? query.form : { q: "", from: "", to: "" },
    filtered: premium && wantsFilters,
    upsell: !premium && wantsFilters,
    problems: query.problems,
    notice: notice && notice in NOTICES ? NOTICES[notice as Notice] : null,
    pendingGuestResults: pending.length,
  };
}

const actionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("delete"), id: z.string().check(z.minLength(1), z.maxLength(64)) }),
  z.object({ intent: z.literal("clear") }),
  z.object({ intent: z.literal("keep-guest") }),
  z.object({ intent: z.literal("discard-guest") }),
]);

/** Back to the page the form was on (its cursor and filters), with a notice. */
function backTo(request: Request, notice: Notice, init?: ResponseInit): Response {
  const url = new URL(request.url);
  const params = url.pathname === "/history" ? new URLSearchParams(url.search) : new URLSearchParams();
  params.delete("index");
  params.set("notice", notice);
  return redirect(`/history?${params}`, init);
}

function notFound(): Response {
  return new Response("There is no such result in your history.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The engine's results for the guest's expressions (the session is ours, but re-checking is cheap). */
function reevaluated(results: readonly GuestResult[]): GuestResult[] {
  return results.flatMap((result) => {
    const evaluated = evaluateForSave(result.expression);
    return evaluated.ok ? [{ ...result, expression: evaluated.expression, result: evaluated.result }] : [];
  });
}

export async function historyAction(request: Request): Promise<Response> {
  const user = await requireSessionUser(request);
  const fields = await readFormOrRefusal(request, 4 * 1024);
  if (fields instanceof HttpError) return new Response(fields.message, { status: fields.status });
  const form = actionForm.safeParse(Object.fromEntries(fields));
  if (!form.success) return new Response("That form was not understood.", { status: 400 });

  switch (form.data.intent) {
    case "delete":
      // Scoped by the session's user: someone else's id deletes nothing and is a 404.
      if (!(await deleteEntry(user.id, form.data.id))) throw notFound();
      return backTo(request, "deleted");
    case "clear":
      // The table first: if the archive job is moving some of these rows right now, this waits
      // for it (it holds their row locks), so the archive deletion after it also removes what the
      // job just wrote. If the archive deletion fails, "clear" can simply be pressed again.
      await clearEntries(user.id);
      await deleteUserArchive(user.id);
      return backTo(request, "cleared");
    case "keep-guest": {
      const { results, setCookie } = await orUnavailable(() => takeGuestResults(request));
      await saveGuestResults(user.id, reevaluated(results));
      return backTo(request, "kept", { headers: { "Set-Cookie": setCookie } });
    }
    case "discard-guest": {
      const { setCookie } = await orUnavailable(() => takeGuestResults(request));
      return backTo(request, "discarded", { headers: { "Set-Cookie": setCookie } });
    }
  }
}

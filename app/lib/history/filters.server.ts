// The /history page's query string: cursor, search text and date range. It comes from the
// address bar, so it is validated; anything wrong is dropped with a message, never an error page.
import * as z from "zod/mini";
import { decodeCursor, isStorableInstant, type Cursor } from "./cursor";
import { MAX_SEARCH_LENGTH } from "./limits";
import type { HistoryFilters } from "./list.server";

const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = z.string().check(z.regex(/^\d{4}-\d\d-\d\d$/));

export type PageQuery = {
  cursor: Cursor | null;
  filters: HistoryFilters;
  /** What the form shows back (only what was valid). */
  form: { q: string; from: string; to: string };
  problems: string[];
};

/** A YYYY-MM-DD day as the UTC instant it starts, or null (also for a year PostgreSQL cannot store). */
function dayStart(text: string | null): Date | null {
  if (!text || !isoDay.safeParse(text).success) return null;
  const date = new Date(`${text}T00:00:00.000Z`);
  if (!isStorableInstant(date)) return null;
  return date.toISOString().slice(0, 10) !== text ? null : date;
}

export function parsePageQuery(params: URLSearchParams): PageQuery {
  const problems: string[] = [];
  const rawCursor = params.get("cursor");
  const cursor = decodeCursor(rawCursor);
  if (rawCursor && !cursor) problems.push("That page link was not valid, so the newest results are shown.");

  const q = (params.get("q") ?? "").trim();
  const search = q.length > MAX_SEARCH_LENGTH ? "" : q;
  if (q.length > MAX_SEARCH_LENGTH) problems.push(`Search text can be at most ${MAX_SEARCH_LENGTH} characters.`);

  const fromText = params.get("from") || null;
  const toText = params.get("to") || null;
  let from = dayStart(fromText);
  let to = dayStart(toText);
  if (fromText && !from) problems.push("The start date was not a date from 0001-01-01 to 9998-12-31.");
  if (toText && !to) problems.push("The end date was not a date from 0001-01-01 to 9998-12-31.");
  if (from && to && from > to) {
    problems.push("The start date was after the end date, so the dates were ignored.");
    from = to = null;
  }
  const filters: HistoryFilters = {};
  if (search) filters.search = search;
  if (from) filters.from = from;
  // The end date is inclusive: everything before the next day starts.
  if (to) filters.before = new Date(to.getTime() + DAY_MS);
  return {
    cursor,
    filters,
    form: { q: search, from: from ? (fromText ?? "") : "", to: to ? (toText ?? "") : "" },
    problems,
  };
}

export function hasFilters(filters: HistoryFilters): boolean {
  return Boolean(filters.search || filters.from || filters.before);
}

// GET /v1/history's query string, checked strictly: unlike the page (which drops a bad value and
// says so), the API refuses it with a 400 naming the parameter.
import * as z from "zod/mini";
import { decodeCursor, isStorableInstant, type Cursor } from "../history/cursor";
import { MAX_SEARCH_LENGTH } from "../history/limits";
import type { HistoryFilters } from "../history/list.server";

export const MAX_API_PAGE_SIZE = 100;
export const DEFAULT_API_PAGE_SIZE = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

export type HistoryQuery = { cursor: Cursor | null; filters: HistoryFilters; limit: number; filtered: boolean };

const querySchema = z.strictObject({
  cursor: z.optional(z.string()),
  q: z.optional(z.string().check(z.maxLength(MAX_SEARCH_LENGTH, `must be at most ${MAX_SEARCH_LENGTH} characters`))),
  from: z.optional(z.string().check(z.regex(/^\d{4}-\d\d-\d\d$/, "must be a date like 2026-01-31"))),
  to: z.optional(z.string().check(z.regex(/^\d{4}-\d\d-\d\d$/, "must be a date like 2026-01-31"))),
  limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_API_PAGE_SIZE}`))),
});

/** A YYYY-MM-DD day as the UTC instant it starts, or null when there is no such (storable) day. */
function dayStart(text: string): Date | null {
  const date = new Date(`${text}T00:00:00.000Z`);
  return isStorableInstant(date) && date.toISOString().slice(0, 10) === text ? date : null;
}

/** The query, or the problem with it. A parameter given twice is refused too. */
export function parseHistoryQuery(params: URLSearchParams): HistoryQuery | { problem: string } {
  const keys = [...params.keys()];
  const repeated = keys.find((key, index) => keys.indexOf(key) !== index);
  if (repeated) return { problem: `${repeated}: give it at most once` };
  const parsed = querySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") || issue?.message;
    return { problem: issue?.code === "unrecognized_keys" ? `unknown parameter (use cursor, q, from, to, limit)` : `${name}: ${issue?.message}` };
  }
  const { cursor: cursorText, q, from: fromText, to: toText, limit: limitText } = parsed.data;
  const cursor = cursorText === undefined ? null : decodeCursor(cursorText);
  if (cursorText !== undefined && !cursor) return { problem: "cursor: not a cursor this API gave (use next_cursor as it is)" };
  const limit = limitText === undefined ? DEFAULT_API_PAGE_SIZE : Number(limitText);
  if (limit < 1 || limit > MAX_API_PAGE_SIZE) return { problem: `limit: must be a whole number from 1 to ${MAX_API_PAGE_SIZE}` };
  const from = fromText === undefined ? null : dayStart(fromText);
  if (fromText !== undefined && !from) return { problem: "from: not a date from 0001-01-01 to 9998-12-31" };
  const to = toText === undefined ? null : dayStart(toText);
  if (toText !== undefined && !to) return { problem: "to: not a date from 0001-01-01 to 9998-12-31" };
  if (from && to && from > to) return { problem: "from: must not be after to" };
  const filters: HistoryFilters = {};
  const search = q?.trim();
  if (search) filters.search = search;
  if (from) filters.from = from;
  // The end date is inclusive: everything before the next day starts.
  if (to) filters.before = new Date(to.getTime() + DAY_MS);
  return { cursor, filters, limit, filtered: Boolean(search) || from !== null || to !== null };
}

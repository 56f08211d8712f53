// Reading the history a page at a time, newest first, always for one user.
//
// Order: created_at DESC, id ASC, which is the index (user_id, created_at DESC, id) read forwards.
// Keyset pagination on that pair (see cursor.ts). The free plan shows the latest
// FREE_HISTORY_LIMIT rows: the boundary is the (created_at, id) of the last of them, and every
// page stops there. Search and date filters are premium; the caller decides (billing/plan.server.ts).
//
// Raw SQL because Prisma's `contains` does not escape LIKE wildcards ("%" would match every row)
// and cannot express the keyset condition on two columns. Only fixed fragments are concatenated;
// every value is a bound parameter.
import { getPrisma } from "../db/client.server";
import { encodeCursor, type Cursor } from "./cursor";
import { FREE_HISTORY_LIMIT, PAGE_SIZE } from "./limits";
import { readMetadata } from "./metadata";
import { containsPattern, withCalculatorSymbols } from "./search";
import type { HistoryEntry } from "./types";

export type HistoryFilters = {
  /** Substring of the expression or the result. */
  search?: string;
  /** Rows created at or after this instant. */
  from?: Date;
  /** Rows created before this instant. */
  before?: Date;
};

export type ListOptions = {
  cursor?: Cursor | null;
  filters?: HistoryFilters;
  /** Free users see only their latest FREE_HISTORY_LIMIT rows. */
  premium: boolean;
  pageSize?: number;
};

export type HistoryPage = {
  entries: HistoryEntry[];
  /** Cursor of the next (older) page, or null on the last page. */
  nextCursor: string | null;
  /** Free plan: rows kept but not shown (older than the latest FREE_HISTORY_LIMIT). */
  hiddenByPlan: number;
};

type Row = { id: string; expression: string; result: string; metadata: unknown; created_at: Date };

export function toEntry(row: Row): HistoryEntry {
  return { id: row.id, expression: row.expression, result: row.result, createdAt: row.created_at, metadata: readMetadata(row.metadata) };
}

/** Builds WHERE conditions with numbered parameters. */
class Conditions {
  readonly sql: string[] = [];
  readonly values: unknown[] = [];
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** (created_at, id) strictly after `cursor` in the page order. */
function afterCursor(where: Conditions, cursor: Cursor): void {
  const at = where.param(cursor.createdAt);
  where.sql.push(`(created_at < ${at} OR (created_at = ${at} AND id > ${where.param(cursor.id)}))`);
}

/** (created_at, id) at or before `boundary` in the page order (the free plan's last row). */
function notAfter(where: Conditions, boundary: Cursor): void {
  const at = where.param(boundary.createdAt);
  where.sql.push(`(created_at > ${at} OR (created_at = ${at} AND id <= ${where.param(boundary.id)}))`);
}

function applyFilters(where: Conditions, filters: HistoryFilters | undefined): void {
  if (filters?.search) {
    const plain = where.param(containsPattern(filters.search));
    const symbols = where.param(containsPattern(withCalculatorSymbols(filters.search)));
    where.sql.push(`(expression ILIKE ${plain} OR replace(expression, ' ', '') ILIKE ${symbols} OR result ILIKE ${plain})`);
  }
  if (filters?.from) where.sql.push(`created_at >= ${where.param(filters.from)}`);
  if (filters?.before) where.sql.push(`created_at < ${where.param(filters.before)}`);
}

/** The (created_at, id) of the user's FREE_HISTORY_LIMIT-th newest row, or null with fewer rows. */
export async function freePlanBoundary(userId: string): Promise<Cursor | null> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<Array<{ id: string; created_at: Date }>>`
    SELECT id, created_at FROM calculation_history WHERE user_id = ${userId}
    ORDER BY created_at DESC, id ASC OFFSET ${FREE_HISTORY_LIMIT - 1} LIMIT 1`;
  const row = rows[0];
  return row ? { createdAt: row.created_at, id: row.id } : null;
}

async function countOlderThan(userId: string, boundary: Cursor): Promise<number> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<Array<{ n: number | bigint }>>`
    SELECT count(*)::int AS n FROM calculation_history
     WHERE user_id = ${userId}
       AND (created_at < ${boundary.createdAt} OR (created_at = ${boundary.createdAt} AND id > ${boundary.id}))`;
  return Number(rows[0]?.n ?? 0);
}

/** One page of the user's history. */
export async function listEntries(userId: string, options: ListOptions): Promise<HistoryPage> {
  const prisma = await getPrisma();
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const where = new Conditions();
  where.sql.push(`user_id = ${where.param(userId)}`);
  let hiddenByPlan: Promise<number> = Promise.resolve(0);
  if (!options.premium) {
    const boundary = await freePlanBoundary(userId);
    if (boundary) {
      notAfter(where, boundary);
      // Only the first page says how many are hidden (one count per visit, not per page); it runs
      // beside the page's query.
      if (!options.cursor) hiddenByPlan = countOlderThan(userId, boundary);
    }
  } else {
    applyFilters(where, options.filters);
  }
  if (options.cursor) afterCursor(where, options.cursor);
  // One row more than the page tells whether there is a next page.
  const limit = where.param(pageSize + 1);
  const rowsQuery = prisma.$queryRawUnsafe<Row[]>(
    `SELECT id, expression, result, metadata, created_at FROM calculation_history
      WHERE ${where.sql.join(" AND ")}
      ORDER BY created_at DESC, id ASC LIMIT ${limit}`,
    ...where.values,
  );
  const [rows, hidden] = await Promise.all([rowsQuery, hiddenByPlan]);
  const entries = rows.slice(0, pageSize).map(toEntry);
  const last = entries.at(-1);
  const nextCursor = rows.length > pageSize && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
  return { entries, nextCursor, hiddenByPlan: hidden };
}

/**
 * Every row of the user's history (premium export), newest first, read `pageSize` rows per query
 * so memory stays flat however long the history is.
 */
export async function* allEntries(userId: string, pageSize: number): AsyncGenerator<HistoryEntry> {
  let cursor: Cursor | null = null;
  for (;;) {
    const page = await listEntries(userId, { premium: true, cursor, pageSize });
    yield* page.entries;
    const last = page.entries.at(-1);
    if (!page.nextCursor || !last) return;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}

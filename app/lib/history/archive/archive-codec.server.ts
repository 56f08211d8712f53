// An archive object: the rows of one user and month as JSON lines, gzipped. Oldest first, one
// row per id (merging by id is what makes a re-run after a crash write no duplicates).
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import * as z from "zod/mini";
import { readMetadata } from "../metadata";
import type { HistoryEntry } from "../types";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** One line of an archive object. */
const lineSchema = z.object({
  id: z.string(),
  expression: z.string(),
  result: z.string(),
  metadata: z.optional(z.unknown()),
  createdAt: z.string().check(z.regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/)),
});

export async function encodeArchive(entries: readonly HistoryEntry[]): Promise<Buffer> {
  const text = sortOldestFirst(entries)
    .map((entry) =>
      JSON.stringify({
        id: entry.id,
        expression: entry.expression,
        result: entry.result,
        metadata: entry.metadata,
        createdAt: entry.createdAt.toISOString(),
      }),
    )
    .join("\n");
  return gzipAsync(Buffer.from(text ? `${text}\n` : "", "utf8"));
}

export async function decodeArchive(body: Uint8Array): Promise<HistoryEntry[]> {
  const text = (await gunzipAsync(body)).toString("utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const parsed = lineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`Archive line ${index + 1} is not a history row`);
      const row = parsed.data;
      return { id: row.id, expression: row.expression, result: row.result, metadata: readMetadata(row.metadata), createdAt: new Date(row.createdAt) };
    });
}

function sortOldestFirst(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return [...entries].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The union of two row lists by id; `newer` wins for an id in both. */
export function mergeById(older: readonly HistoryEntry[], newer: readonly HistoryEntry[]): HistoryEntry[] {
  const byId = new Map<string, HistoryEntry>();
  for (const entry of older) byId.set(entry.id, entry);
  for (const entry of newer) byId.set(entry.id, entry);
  return sortOldestFirst([...byId.values()]);
}

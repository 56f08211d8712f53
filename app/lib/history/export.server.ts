// The premium CSV export: every result of the user, newest first, the database's rows and then
// the archived ones (older by construction), as a stream. Rows are read a page at a time while
// the stream is pulled, so memory does not grow with the history. (Behind API Gateway the Lambda
// still returns the body in one piece, at most 6 MB, about 60,000 rows: see decision 008.)
import { getPrisma } from "../db/client.server";
import { archivedEntries } from "./archive/user-archive.server";
import { csvRecord, CSV_HEADER, exportFileName } from "./csv";
import { EXPORT_PAGE_SIZE } from "./limits";
import { allEntries } from "./list.server";
import type { HistoryEntry } from "./types";

function record(entry: HistoryEntry, archived: boolean): string {
  return csvRecord([entry.createdAt.toISOString(), entry.expression, entry.result, entry.metadata.input ?? "", archived ? "yes" : "no"]);
}

/** Which of `ids` are still in the user's table (archived by a run that crashed before deleting). */
async function stillInDatabase(userId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const prisma = await getPrisma();
  const rows = await prisma.calculationHistory.findMany({ where: { userId, id: { in: [...ids] } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

async function* csvLines(userId: string): AsyncGenerator<string> {
  yield csvRecord(CSV_HEADER);
  for await (const entry of allEntries(userId, EXPORT_PAGE_SIZE)) yield record(entry, false);
  let batch: HistoryEntry[] = [];
  const flush = async function* () {
    const duplicates = await stillInDatabase(userId, batch.map((entry) => entry.id));
    for (const entry of batch) if (!duplicates.has(entry.id)) yield record(entry, true);
    batch = [];
  };
  for await (const entry of archivedEntries(userId)) {
    batch.push(entry);
    if (batch.length >= EXPORT_PAGE_SIZE) yield* flush();
  }
  yield* flush();
}

/** A CSV stream of the user's whole history: one chunk per database page or archive batch. */
export function historyCsvStream(userId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const lines = csvLines(userId);
  let chunk = "";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Batch lines into ~64 KB chunks: one enqueue per row would cost more than the row.
      for (;;) {
        const next = await lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
        if (chunk.length >= 64 * 1024) {
          controller.enqueue(encoder.encode(chunk));
          chunk = "";
          return;
        }
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}

export function csvExportResponse(userId: string, now = new Date()): Response {
  return new Response(historyCsvStream(userId), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(now)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

// Scheduled job: move history rows older than HISTORY_ARCHIVE_AFTER_DAYS from the database to the
// archive (S3, or a local folder without a bucket), one object per user and month.
//
// Safe to re-run at any point, including after a crash midway, because each step is idempotent.
// Per user and month, in batches, each batch in one database transaction:
// 1. lock the batch's old rows (FOR UPDATE SKIP LOCKED: a concurrent run takes other rows, and a
//    user's delete or "clear all" of these rows waits for this batch instead of racing it);
// 2. read the month's object (if any) and merge the rows into it BY ROW ID;
// 3. write the whole object back, conditionally on the version read (ArchiveConflictError when
//    another writer got there first: read again and retry);
// 4. only then delete exactly those ids, and commit.
// A crash before the commit leaves the rows in the table (rolled back) and maybe in the object;
// the next run selects them again and the merge by id writes no duplicates. Exports skip archived
// rows still in the table, so that window never shows a row twice.
import { getPrisma, type PrismaClient } from "../../db/client.server";
import { decodeArchive, encodeArchive, mergeById } from "../archive/archive-codec.server";
import { archiveKey, nextMonthStart } from "../archive/archive-key";
import { ArchiveConflictError, type ArchiveStore } from "../archive/archive-store";
import { getArchiveStore } from "../archive/get-archive-store.server";
import { historyConfig, runtimeEnv } from "../../env.server";
import { toEntry } from "../list.server";
import type { HistoryEntry } from "../types";

const DAY_MS = 24 * 60 * 60 * 1000;
const WRITE_ATTEMPTS = 5;

export type ArchiveJobOptions = {
  now?: Date;
  afterDays?: number;
  /** Epoch ms: stop starting new work after this (the Lambda's time budget). */
  deadline?: number;
  /** Rows per object write and database delete. */
  batchSize?: number;
  /** Test seam: runs after an object is written, before its rows are deleted (simulated crashes). */
  afterUpload?: (key: string, ids: readonly string[]) => Promise<void> | void;
  /** Longest a batch's transaction may take (the object write happens inside it). */
  batchTimeoutMs?: number;
};

export type ArchiveJobResult = {
  cutoff: string;
  archivedRows: number;
  objectsWritten: number;
  /** False when the deadline stopped the run early (or another run holds rows); the next run continues. */
  finished: boolean;
};

type Unit = { userId: string; month: Date };
type Row = { id: string; expression: string; result: string; metadata: unknown; created_at: Date };

/** (user, month) pairs holding rows older than the cutoff; deleted accounts are left to the purge. */
async function findUnits(cutoff: Date, limit: number): Promise<Unit[]> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<Array<{ user_id: string; month: Date }>>`
    SELECT h.user_id, date_trunc('month', h.created_at AT TIME ZONE 'UTC') AS month
      FROM calculation_history h JOIN users u ON u.id = h.user_id AND u.deleted_at IS NULL
     WHERE h.created_at < ${cutoff}
     GROUP BY 1, 2 ORDER BY 1, 2 LIMIT ${limit}`;
  return rows.map((row) => ({ userId: row.user_id, month: row.month }));
}

type Tx = Pick<PrismaClient, "$queryRaw">;

/** Locks and returns the next batch of the unit's old rows (none locked by someone else). */
async function lockOldRows(tx: Tx, unit: Unit, cutoff: Date, batchSize: number): Promise<HistoryEntry[]> {
  const end = new Date(Math.min(nextMonthStart(unit.month).getTime(), cutoff.getTime()));
  const rows = await tx.$queryRaw<Row[]>`
    SELECT id, expression, result, metadata, created_at FROM calculation_history
     WHERE user_id = ${unit.userId} AND created_at >= ${unit.month} AND created_at < ${end}
     ORDER BY created_at, id LIMIT ${batchSize}
       FOR UPDATE SKIP LOCKED`;
  return rows.map(toEntry);
}

/** Applies `change` to the object at `key` (read, change, conditional write), retrying conflicts. */
async function updateObject(
  store: ArchiveStore,
  key: string,
  change: (rows: HistoryEntry[]) => HistoryEntry[],
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.read(key);
    const rows = change(current ? await decodeArchive(current.body) : []);
    try {
      if (rows.length === 0) {
        // Never leave an empty object behind.
        if (current) await store.delete(key);
        return;
      }
      await store.write(key, await encodeArchive(rows), current?.etag ?? null);
      return;
    } catch (error) {
      if (!(error instanceof ArchiveConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}

async function deleteArchived(tx: Tx, userId: string, ids: readonly string[]): Promise<number> {
  const deleted = await tx.$queryRaw<Array<{ id: string }>>`
    DELETE FROM calculation_history WHERE user_id = ${userId} AND id = ANY(${ids}::text[]) RETURNING id`;
  // The rows are locked by this transaction, so nothing else can have deleted them.
  if (deleted.length !== ids.length) throw new Error(`Archived ${ids.length} rows but deleted ${deleted.length}`);
  return deleted.length;
}

export async function archiveHistory(options: ArchiveJobOptions = {}): Promise<ArchiveJobResult> {
  const config = historyConfig();
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.afterDays ?? config.archiveAfterDays) * DAY_MS);
  const batchSize = options.batchSize ?? 5000;
  const store = await getArchiveStore();
  // A Lambda's disk is read-only and thrown away: archiving there would lose the rows' only copy.
  if (store.kind === "local" && runtimeEnv().AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error("HISTORY_ARCHIVE_BUCKET is not set: on Lambda the archive must go to S3");
  }
  const result: ArchiveJobResult = { cutoff: cutoff.toISOString(), archivedRows: 0, objectsWritten: 0, finished: false };
  const prisma = await getPrisma();
  const timeLeft = () => options.deadline === undefined || Date.now() < options.deadline;

  // Units whose rows another run holds locked right now: that run archives them; skip them here
  // (instead of finding them again and again until it commits).
  const busy = new Set<string>();
  while (timeLeft()) {
    const found = await findUnits(cutoff, 50);
    const units = found.filter((unit) => !busy.has(archiveKey(unit.userId, unit.month)));
    if (units.length === 0) {
      result.finished = found.length === 0;
      break;
    }
    for (const unit of units) {
      if (!timeLeft()) break;
      const key = archiveKey(unit.userId, unit.month);
      for (;;) {
        const archived = await prisma.$transaction(
          async (tx) => {
            const rows = await lockOldRows(tx, unit, cutoff, batchSize);
            if (rows.length === 0) return 0;
            await updateObject(store, key, (current) => mergeById(current, rows));
            result.objectsWritten++;
            const ids = rows.map((row) => row.id);
            await options.afterUpload?.(key, ids);
            return deleteArchived(tx, unit.userId, ids);
          },
          { maxWait: 10_000, timeout: options.batchTimeoutMs ?? 20_000 },
        );
        result.archivedRows += archived;
        if (archived === 0) busy.add(key);
        if (archived < batchSize) break;
      }
    }
  }
  return result;
}

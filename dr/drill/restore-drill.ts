// `npm run dr:restore-drill`: the point-in-time restore rehearsal, on a real PostgreSQL.
//
// A cluster with WAL archiving (archive_command copying each segment to an archive directory, as
// Aurora streams its log to S3), the app's real migrations, a base backup, users and calculations
// saved before and after it, then a "bad migration" that deletes most of the history. The restore
// replays the archive on top of the base backup up to a recovery_target_time just before the bad
// migration, into a new data directory (as restore-db-cluster-to-point-in-time makes a new
// cluster) while the damaged cluster stays for forensics. Every row is checked, the time taken is
// printed. Everything is removed at the end, also on Ctrl-C.
import { randomUUID } from "node:crypto";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyMigrations } from "../../app/lib/db/migrate.server";
import { appendConf, drillMain, freePort, initCluster, log, ownedDir, pgRun, pgServer, query, sleep, startCluster, stopCluster, waitUntil, workDir } from "./drill-harness";
import { writeResult } from "./results";

const USERS = Number(process.env.DRILL_USERS ?? 200);
const ROWS_BEFORE_BACKUP = Number(process.env.DRILL_ROWS ?? 3000);
const ROWS_AFTER_BACKUP = 2000;

type Fingerprint = { users: number; history: number; digest: string };

async function fingerprint(url: string): Promise<Fingerprint> {
  const [row] = await query<{ users: string; history: string; digest: string }>(
    url,
    `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM calculation_history) AS history,
            (SELECT md5(coalesce(string_agg(id || ':' || expression || '=' || result, ',' ORDER BY id), '')) FROM calculation_history) AS digest`,
  );
  return { users: Number(row?.users), history: Number(row?.history), digest: row?.digest ?? "" };
}

async function insertHistory(url: string, count: number, userIds: string[]): Promise<void> {
  // Plain SQL in batches: the rows the app writes (id, user, expression, result, metadata).
  for (let done = 0; done < count; done += 500) {
    const n = Math.min(500, count - done);
    const values: unknown[] = [];
    const rows = Array.from({ length: n }, (_, i) => {
      const a = done + i;
      values.push(randomUUID(), userIds[a % userIds.length], `${a} + 0.1`, `${a}.1`);
      const k = i * 4;
      return `($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, '{"input":"typed"}')`;
    });
    await query(url, `INSERT INTO calculation_history (id, user_id, expression, result, metadata) VALUES ${rows.join(",")}`, values);
  }
}

await drillMain("restore drill", 180_000, async () => {
  const started = performance.now();
  const root = workDir("calcapp-restore-drill-");
  const archive = ownedDir(join(root, "wal-archive"));
  const port = await freePort();

  log(`PostgreSQL primary on 127.0.0.1:${port}, WAL archived to ${archive}`);
  const primary = await initCluster("primary", root, port, {
    wal_level: "replica",
    archive_mode: "on",
    archive_command: `'test ! -f ${archive}/%f && cp %p ${archive}/%f'`,
    max_wal_senders: 4,
    fsync: "off",
  });
  await startCluster(primary);
  await query(primary.url(), "CREATE DATABASE calcapp");
  const db = primary.url("calcapp");
  const migrated = await applyMigrations({ databaseUrl: db });
  log(`the app's migrations applied: ${migrated.applied.join(", ")}`);

  const userIds = Array.from({ length: USERS }, () => randomUUID());
  for (let i = 0; i < userIds.length; i += 100) {
    const chunk = userIds.slice(i, i + 100);
    await query(db, `INSERT INTO users (id, email, password_hash, updated_at) SELECT id, 'drill-' || id || '@example.test', 'x', now() FROM unnest($1::text[]) AS id`, [chunk]);
  }
  await insertHistory(db, ROWS_BEFORE_BACKUP, userIds);
  log(`${USERS} users, ${ROWS_BEFORE_BACKUP} calculations saved`);

  const backupDir = join(root, "base-backup");
  const backupStart = performance.now();
  await pgRun("pg_basebackup", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-D", backupDir, "-X", "stream", "-c", "fast"]);
  log(`base backup taken in ${((performance.now() - backupStart) / 1000).toFixed(1)} s`);

  await insertHistory(db, ROWS_AFTER_BACKUP, userIds);
  const before = await fingerprint(db);
  const [{ at } = { at: "" }] = await query<{ at: string }>(db, "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS at");
  log(`${ROWS_AFTER_BACKUP} more calculations after the backup: ${before.history} in all. Restore point: ${at}`);
  await sleep(200);

  // The bad migration.
  const [{ deleted } = { deleted: "0" }] = await query<{ deleted: string }>(db, "WITH gone AS (DELETE FROM calculation_history WHERE result NOT LIKE '1%' RETURNING 1) SELECT count(*) AS deleted FROM gone");
  await query(db, "UPDATE users SET email = 'oops'||id");
  log(`BAD MIGRATION: ${deleted} calculations deleted, every email overwritten`);
  const damaged = await fingerprint(db);
  // Close the WAL segment so the archive has everything up to now (Aurora's log is continuous).
  const [{ wal } = { wal: "" }] = await query<{ wal: string }>(db, "SELECT pg_walfile_name(pg_switch_wal()) AS wal");
  await waitUntil("the WAL archived", async () => ((await query<{ last: string | null }>(primary.url(), "SELECT last_archived_wal AS last FROM pg_stat_archiver"))[0]?.last ?? "") >= wal, 30_000);

  // ---- the restore: a new cluster from the base backup + the archive, to the restore point ----
  const restoreStart = performance.now();
  const restoredDir = join(root, "restored");
  cpSync(backupDir, restoredDir, { recursive: true });
  const restoredPort = await freePort();
  const restoredSocket = ownedDir(join(root, "restored-socket"));
  writeFileSync(join(restoredDir, "recovery.signal"), "");
  const restored = pgServer("restored", restoredDir, restoredPort, restoredSocket);
  await appendConf(restoredDir, {
    port: restoredPort,
    unix_socket_directories: `'${restoredSocket}'`,
    archive_mode: "off",
    restore_command: `'cp ${archive}/%f %p'`,
    recovery_target_time: `'${at}'`,
    recovery_target_action: "'promote'",
  });
  await ownershipFix(restoredDir);
  await startCluster(restored);
  await waitUntil("the restored cluster promoted", async () => (await query<{ r: boolean }>(restored.url(), "SELECT pg_is_in_recovery() AS r"))[0]?.r === false, 60_000);
  const after = await fingerprint(restored.url("calcapp"));
  const restoreMs = performance.now() - restoreStart;
  const emailsIntact = Number((await query<{ n: string }>(restored.url("calcapp"), "SELECT count(*) AS n FROM users WHERE email LIKE 'drill-%'"))[0]?.n);

  log(`restored cluster: ${after.users} users, ${after.history} calculations (damaged: ${damaged.history}); emails intact: ${emailsIntact}/${before.users}`);
  const ok = after.history === before.history && after.users === before.users && after.digest === before.digest && emailsIntact === before.users;
  // The damaged cluster is still there, untouched (forensics).
  const stillDamaged = await fingerprint(db);
  if (stillDamaged.digest !== damaged.digest) throw new Error("the damaged cluster changed during the restore");
  await stopCluster(restored, "fast");
  await stopCluster(primary, "fast");
  const totalMs = performance.now() - started;

  console.log("\n=== PITR rehearsal ===");
  console.log(`rows before the bad migration : ${before.history} calculations, ${before.users} users`);
  console.log(`deleted by the bad migration  : ${deleted} calculations (and ${before.users} emails overwritten)`);
  console.log(`rows after the restore        : ${after.history} calculations, ${after.users} users, ${emailsIntact} emails intact`);
  console.log(`every row back (digest match) : ${ok ? "YES" : "NO"}`);
  console.log(`restore time (new cluster from backup + WAL to ${at}, verified): ${(restoreMs / 1000).toFixed(2)} s`);
  console.log(`drill total                   : ${(totalMs / 1000).toFixed(1)} s`);
  writeResult("restore", { before: before.history, deleted: Number(deleted), restored: after.history, everyRowBack: ok, restoreMs: Math.round(restoreMs), totalMs: Math.round(totalMs), restorePoint: at });
  if (!ok) throw new Error("the restored cluster does not have every row from before the bad migration");
});

async function ownershipFix(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { execFile } = await import("node:child_process");
  await new Promise<void>((resolve, reject) => execFile("chown", ["-R", "postgres:postgres", dir], (error) => (error ? reject(error) : resolve())));
  await new Promise<void>((resolve, reject) => execFile("chmod", ["700", dir], (error) => (error ? reject(error) : resolve())));
}

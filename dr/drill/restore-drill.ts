// `npm run dr:restore-drill`: the point-in-time restore rehearsal, on a real PostgreSQL, with the
// operators' own script.
//
// A cluster with WAL archiving (archive_command copying each segment to an archive directory, as
// Aurora streams its log to S3), the app's real migrations, the packaged Lambdas served warm
// reading their database secret and region role through a local secrets extension (as in AWS).
// Users sign up and save calculations THROUGH THE APP, before and after a base backup; then a
// "bad migration" deletes most of the history and overwrites every email. The operators' command,
// `tsx dr/scripts/cli.ts restore-pitr --backend local ...` (what `npm run dr:restore-pitr` runs),
// restores: it stops writes (the app answers 503), replays the archive on top of the base backup
// up to the restore time into a new cluster, counts the rows, points the app's secret at it, moves
// the app to it (a new process reads the secret again), resumes writes and tags the damaged
// cluster for forensics. Every row is checked, a save through the app after the restore must land
// in the restored cluster. Everything is removed at the end, also on Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyMigrations } from "../../app/lib/db/migrate.server";
import { repoRoot } from "../../arc/app-map";
import { drillMain, freePort, initCluster, log, onCleanup, ownedDir, pgBinDir, pgRun, query, recentOutput, sleep, startCluster, startProcess, startRedis, stopProcess, waitUntil, workDir } from "./drill-harness";
import { writeResult } from "./results";
import { startSecretsExtension } from "./secrets-extension";

const REGION = "us-east-1";
const USERS = Number(process.env.DRILL_USERS ?? 20);
const ROWS_BEFORE_BACKUP = Number(process.env.DRILL_ROWS ?? 300);
const ROWS_AFTER_BACKUP = 200;
const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
/** app/lib/dr/region-role.server.ts ROLE_CACHE_MS: how long a container reuses the role it read. */
const ROLE_CACHE_MS = 2_000;

type Fingerprint = { users: number; history: number; digest: string };

async function fingerprint(url: string): Promise<Fingerprint> {
  const [row] = await query<{ users: string; history: string; digest: string }>(
    url,
    `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM calculation_history) AS history,
            (SELECT md5(coalesce(string_agg(id || ':' || expression || '=' || result, ',' ORDER BY id), '')) FROM calculation_history) AS digest`,
  );
  return { users: Number(row?.users), history: Number(row?.history), digest: row?.digest ?? "" };
}

await drillMain("restore drill", 240_000, async () => {
  const started = performance.now();
  const root = workDir("calcapp-restore-drill-");
  const archive = ownedDir(join(root, "wal-archive"));
  const [port, appPort, extensionPort, redisPort] = (await Promise.all([freePort(), freePort(), freePort(), freePort()])) as [number, number, number, number];

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

  // --- the app, reading its secrets through the drill's extension; sessions in Redis -----------
  startRedis("sessions", redisPort, root);
  const secrets = ownedDir(join(root, "secrets"));
  writeFileSync(join(secrets, "database.json"), JSON.stringify({ engine: "postgres", host: "127.0.0.1", port, username: "postgres", password: "drill", dbname: "calcapp" }));
  writeFileSync(join(secrets, "dr-role.json"), JSON.stringify({ writer: REGION, epoch: 1 }));
  const extension = await startSecretsExtension(secrets, extensionPort);
  onCleanup("stop the secrets extension", () => new Promise<void>((resolve) => extension.close(() => resolve())));
  const appUrl = `http://127.0.0.1:${appPort}`;
  const originVerify = randomUUID();
  const files = { pid: join(root, "app.pid"), generation: join(root, "app.generation"), wanted: join(root, "app.wanted-generation") };
  writeFileSync(files.wanted, "initial");
  let supervising = true;
  let app: ChildProcess | undefined;
  const startApp = () => {
    const generation = readFileSync(files.wanted, "utf8");
    app = startProcess("app", tsx, ["arc/local/serve-lambdas.ts"], {
      cwd: repoRoot,
      env: {
        PORT: String(appPort),
        HOST: "127.0.0.1",
        WEB_CONCURRENCY: "1",
        NODE_ENV: "production",
        LOG_LEVEL: "error",
        APP_REGION: REGION,
        APP_ORIGIN: appUrl,
        SESSION_SECRET: randomUUID() + randomUUID(),
        ORIGIN_VERIFY_SECRET: originVerify,
        // As in AWS: the database secret and the region role through the extension.
        DATABASE_URL_SECRET_ARN: "database",
        DATABASE_URL_PARAMS: "sslmode=disable",
        DR_ROLE_SECRET_ID: "dr-role",
        SECRETS_EXTENSION_ENDPOINT: `http://127.0.0.1:${extensionPort}`,
        AWS_SESSION_TOKEN: "drill",
        DATABASE_CONNECT_TIMEOUT_MS: "1000",
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      },
    });
    writeFileSync(files.pid, String(app.pid));
    writeFileSync(files.generation, generation);
    // A new "version": when the script stopped this one to move the app to a new generation, start
    // the next. Any other exit (the drill's cleanup, a crash) starts nothing.
    app.once("exit", () => {
      if (supervising && readFileSync(files.wanted, "utf8") !== generation) startApp();
    });
  };
  onCleanup("stop supervising the app", () => {
    supervising = false;
  });
  startApp();
  await waitUntil("the app", async () => (await fetch(`${appUrl}/health`)).status === 200, 30_000, 200).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${recentOutput(app as ChildProcess)}`);
  });

  // --- users and calculations, through the app -------------------------------------------------
  const headers = (viewer: string, cookie?: string) => ({ "content-type": "application/x-www-form-urlencoded", origin: appUrl, "x-origin-verify": originVerify, "cloudfront-viewer-address": viewer, ...(cookie ? { cookie } : {}) });
  const users: Array<{ cookie: string; viewer: string }> = [];
  for (let n = 0; n < USERS; n++) {
    const viewer = `198.51.100.${(n % 200) + 10}:4${String(n).padStart(4, "0")}`;
    const body = new URLSearchParams({ email: `drill-${n}-${randomUUID().slice(0, 6)}@example.test`, password: `Drill-${randomUUID()}!`, redirectTo: "/" });
    // Sign-up answers "check your inbox" without a session; the new account logs in at once.
    const signup = await fetch(`${appUrl}/signup`, { method: "POST", redirect: "manual", headers: headers(viewer), body });
    if (signup.status !== 200) throw new Error(`sign-up failed (HTTP ${signup.status}): ${(await signup.text()).slice(0, 300)}\n${recentOutput(app as ChildProcess)}`);
    const response = await fetch(`${appUrl}/login`, { method: "POST", redirect: "manual", headers: headers(viewer), body });
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0] as string)
      .find((c) => c.startsWith("__session="));
    if (!cookie) throw new Error(`login after sign-up failed (HTTP ${response.status}): ${(await response.text()).slice(0, 300)}\n${recentOutput(app as ChildProcess)}`);
    users.push({ cookie, viewer });
  }
  const save = async (i: number): Promise<number> => {
    const user = users[i % users.length] as { cookie: string; viewer: string };
    const response = await fetch(`${appUrl}/history/save`, { method: "POST", headers: headers(user.viewer, user.cookie), body: new URLSearchParams({ expression: `${i} + 0.1`, input: "typed" }) });
    const body = (await response.json().catch(() => ({}))) as { saved?: string };
    // 201 "session" would be a guest save: the user was not recognised.
    return response.status === 201 && body.saved !== "history" ? -1 : response.status;
  };
  const saveMany = async (from: number, count: number) => {
    for (let i = from; i < from + count; i += 10) {
      const statuses = await Promise.all(Array.from({ length: Math.min(10, from + count - i) }, (_, k) => save(i + k)));
      const bad = statuses.filter((s) => s !== 201);
      if (bad.length) throw new Error(`saves through the app failed: HTTP ${bad.join(", ")}\n${recentOutput(app as ChildProcess)}`);
    }
  };
  await saveMany(0, ROWS_BEFORE_BACKUP);
  log(`${USERS} users signed up and ${ROWS_BEFORE_BACKUP} calculations saved, through the app`);

  const backupDir = join(root, "base-backup");
  const backupStart = performance.now();
  const baseBackupAt = new Date(Date.now() - 1_000).toISOString();
  await pgRun("pg_basebackup", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-D", backupDir, "-X", "stream", "-c", "fast"]);
  log(`base backup taken in ${((performance.now() - backupStart) / 1000).toFixed(1)} s`);

  await saveMany(ROWS_BEFORE_BACKUP, ROWS_AFTER_BACKUP);
  const before = await fingerprint(db);
  await sleep(200);
  const restoreAt = new Date().toISOString();
  await sleep(200);
  log(`${ROWS_AFTER_BACKUP} more calculations after the backup: ${before.history} in all. Restore point: ${restoreAt}`);

  // The bad migration.
  const [{ deleted } = { deleted: "0" }] = await query<{ deleted: string }>(db, "WITH gone AS (DELETE FROM calculation_history WHERE result NOT LIKE '1%' RETURNING 1) SELECT count(*) AS deleted FROM gone");
  await query(db, "UPDATE users SET email = 'oops'||id");
  log(`BAD MIGRATION: ${deleted} calculations deleted, every email overwritten`);
  const damaged = await fingerprint(db);
  // Close the WAL segment so the archive has everything up to now (Aurora's log is continuous).
  const [{ wal } = { wal: "" }] = await query<{ wal: string }>(db, "SELECT pg_walfile_name(pg_switch_wal()) AS wal");
  await waitUntil("the WAL archived", async () => ((await query<{ last: string | null }>(primary.url(), "SELECT last_archived_wal AS last FROM pg_stat_archiver"))[0]?.last ?? "") >= wal, 30_000);

  // ---- the restore: the operators' script on the local backend -----------------------------------
  const registry = join(root, "clusters.json");
  writeFileSync(registry, JSON.stringify({ clusters: { "calcapp-drill": { dataDir: primary.dataDir, port, instance: true, tags: {} } } }));
  // The clusters the restore script creates (and starts) are the drill's to stop, however it ends.
  onCleanup("stop the restored clusters", async () => {
    const { clusters } = JSON.parse(readFileSync(registry, "utf8")) as { clusters: Record<string, { dataDir: string }> };
    for (const [id, entry] of Object.entries(clusters)) {
      if (id !== "calcapp-drill" && existsSync(join(entry.dataDir, "postmaster.pid"))) await pgRun("pg_ctl", ["-D", entry.dataDir, "-m", "immediate", "-w", "stop"]).catch(() => {});
    }
  });
  const localConfig = join(root, "local-restore.json");
  writeFileSync(
    localConfig,
    JSON.stringify({
      registryFile: registry,
      workDir: root,
      baseBackupDir: backupDir,
      baseBackupAt,
      archiveDir: archive,
      pgBinDir: pgBinDir(),
      secretFile: join(secrets, "database.json"),
      roleFile: join(secrets, "dr-role.json"),
      writerRegion: REGION,
      appPidFile: files.pid,
      appGenerationFile: files.generation,
      wantedGenerationFile: files.wanted,
    }),
  );
  const args = ["dr/scripts/cli.ts", "restore-pitr", "--backend", "local", "--local-config", localConfig, "--cluster", "calcapp-drill", "--target", "calcapp-drill-restored", "--time", restoreAt, "--expect", `users=${before.users},calculation_history=${before.history}`, "--poll-s", "0.2", "--timeout-s", "120", "--fence-settle-s", String((ROLE_CACHE_MS + 1_500) / 1000)];
  console.log(`  $ tsx ${args.join(" ")}`);
  const restoreStart = performance.now();
  // Writes while writes are stopped must be refused (503), not accepted and lost at the switch:
  // probe from the script's "ok stop writes" (plus the app's 2 s role cache) to its "resume writes".
  const state = { phase: "before" as "before" | "stopped" | "resumed" };
  let probing = true;
  const probeStatuses: number[] = [];
  const probe = (async () => {
    while (probing && state.phase === "before") await sleep(50);
    await sleep(ROLE_CACHE_MS + 500);
    for (let i = 0; probing && state.phase === "stopped"; i++) {
      const status = await save(100_000 + i).catch(() => 0);
      if (state.phase === "stopped") probeStatuses.push(status);
      await sleep(100);
    }
  })();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(tsx, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    const show = (chunk: Buffer) => {
      text += chunk.toString();
      if (state.phase === "before" && text.includes("ok stop writes")) state.phase = "stopped";
      if (text.includes("> resume writes")) state.phase = "resumed";
      for (const line of chunk.toString().split("\n").filter(Boolean)) console.log(`  | ${line}`);
    };
    child.stdout.on("data", show);
    child.stderr.on("data", show);
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`restore-pitr exited ${code}`))));
  });
  const restoreMs = performance.now() - restoreStart;
  probing = false;
  await probe;
  void output;

  const restoredPort = (JSON.parse(readFileSync(registry, "utf8")) as { clusters: Record<string, { port: number }> }).clusters["calcapp-drill-restored"]?.port as number;
  const restoredUrl = (database = "calcapp") => `postgresql://postgres@127.0.0.1:${restoredPort}/${database}?sslmode=disable`;
  const after = await fingerprint(restoredUrl());
  const emailsIntact = Number((await query<{ n: string }>(restoredUrl(), "SELECT count(*) AS n FROM users WHERE email LIKE 'drill-%'"))[0]?.n);
  // The app moved: a save through it now lands in the restored cluster, not the damaged one.
  await waitUntil("the app on the restored cluster", async () => (await fetch(`${appUrl}/health`)).status === 200, 30_000, 200);
  const fresh = await fetch(`${appUrl}/signup`, { method: "POST", redirect: "manual", headers: headers("198.51.100.250:40000"), body: new URLSearchParams({ email: `after-${randomUUID().slice(0, 6)}@example.test`, password: `Drill-${randomUUID()}!`, redirectTo: "/" }) });
  const landed = Number((await query<{ n: string }>(restoredUrl(), "SELECT count(*) AS n FROM users WHERE email LIKE 'after-%'"))[0]?.n);
  const refusedDuringRestore = probeStatuses.filter((s) => s === 503).length;
  const acceptedDuringRestore = probeStatuses.filter((s) => s === 201).length;

  log(`restored cluster: ${after.users} users, ${after.history} calculations (damaged: ${damaged.history}); emails intact: ${emailsIntact}/${before.users}`);
  const ok = after.history === before.history && after.users === before.users && after.digest === before.digest && emailsIntact === before.users;
  const stillDamaged = await fingerprint(db);
  if (stillDamaged.digest !== damaged.digest) throw new Error(`the damaged cluster changed during the restore: ${JSON.stringify(damaged)} -> ${JSON.stringify(stillDamaged)}; probes ${JSON.stringify(probeStatuses)}`);
  supervising = false;
  if (app) await stopProcess(app);
  const totalMs = performance.now() - started;

  console.log("\n=== PITR rehearsal (the operators' restore-pitr, local backend) ===");
  console.log(`rows before the bad migration : ${before.history} calculations, ${before.users} users (written through the app)`);
  console.log(`deleted by the bad migration  : ${deleted} calculations (and ${before.users} emails overwritten)`);
  console.log(`rows after the restore        : ${after.history} calculations, ${after.users} users, ${emailsIntact} emails intact`);
  console.log(`every row back (digest match) : ${ok ? "YES" : "NO"}`);
  console.log(`writes while restoring        : ${refusedDuringRestore} refused (503), ${acceptedDuringRestore} accepted`);
  console.log(`the app after the restore     : sign-up HTTP ${fresh.status}, landed in the restored cluster: ${landed === 1 ? "yes" : "NO"}`);
  console.log(`restore-pitr end to end       : ${(restoreMs / 1000).toFixed(2)} s (stop writes, restore to ${restoreAt}, count, switch, move the app, resume)`);
  console.log(`drill total                   : ${(totalMs / 1000).toFixed(1)} s`);
  writeResult("restore", { before: before.history, deleted: Number(deleted), restored: after.history, everyRowBack: ok, restoreMs: Math.round(restoreMs), totalMs: Math.round(totalMs), restorePoint: restoreAt, refusedDuringRestore, acceptedDuringRestore });
  if (!ok) throw new Error("the restored cluster does not have every row from before the bad migration");
  if (acceptedDuringRestore > 0 || refusedDuringRestore === 0) throw new Error(`writes while stopped: ${acceptedDuringRestore} accepted (would be lost at the switch), ${refusedDuringRestore} refused`);
  if (landed !== 1) throw new Error("the app did not move to the restored cluster");
});

// `npm run dr:drill`: the region-failure drill, with real processes on loopback.
//
//   us-east-1: PostgreSQL primary, Redis, the packaged Lambdas served warm (arc/local/serve-lambdas.ts)
//   eu-west-1: a streaming replica of that PostgreSQL (pg_basebackup -R; Aurora Global's secondary),
//              a Redis replica of us-east-1's (ElastiCache Global Datastore's secondary), its own
//              warm Lambdas reporting eu-west-1
//   front:     Route 53 failover routing + CloudFront (dr/drill/front.ts)
//
// Signed-in users (real /signup, real POST /history/save) save calculations through the front;
// every acknowledged save is recorded. Then the us-east-1 database is killed (immediate stop).
// When the front has marked us-east-1 down, the real failover script runs, with the flags an
// operator passes, on the local backend: it promotes the replica and the Redis replica, pins
// traffic, checks health and the serving region, runs the smoke test. Printed: time to detect,
// time to promote, RTO (kill -> first acknowledged save through the front), RPO (acknowledged
// saves missing afterwards), sessions that survived; in async mode (like Aurora Global) and in
// synchronous mode. Everything is removed at the end, also on Ctrl-C.
//
// Env: DRILL_MODES=async,sync  DRILL_USERS=12  DRILL_INTERVAL_MS=1000  DRILL_THRESHOLD=3
//      DRILL_TTL_MS=1000 (Route 53: 10 s, 3, 60 s; scaled down)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyMigrations } from "../../app/lib/db/migrate.server";
import { readArcMap, repoRoot } from "../../arc/app-map";
import { Front } from "./front";
import { appendConf, drillMain, freePort, initCluster, log, ownedDir, pgRun, pgServer, query, recentOutput, sleep, startCluster, startProcess, startRedis, stopCluster, stopProcess, waitUntil, workDir } from "./drill-harness";
import { writeResult } from "./results";

const PRIMARY = "us-east-1";
const DR = "eu-west-1";
const USERS = Number(process.env.DRILL_USERS ?? 12);
const INTERVAL_MS = Number(process.env.DRILL_INTERVAL_MS ?? 1_000);
const THRESHOLD = Number(process.env.DRILL_THRESHOLD ?? 3);
const TTL_MS = Number(process.env.DRILL_TTL_MS ?? 1_000);
const MODES = (process.env.DRILL_MODES ?? "async,sync").split(",") as Array<"async" | "sync">;
const WARMUP_MS = 4_000;
const AFTER_RTO_MS = 3_000;
const RTO_LIMIT_MS = 30_000;
const tsx = join(repoRoot, "node_modules", ".bin", "tsx");

type Ack = { id: string; sentAt: number; at: number; region: string };
type RunResult = {
  mode: string;
  detectMs: number;
  promoteMs: number;
  scriptPromoteMs: number | null;
  rtoMs: number;
  acked: number;
  ackedBeforeKill: number;
  lost: number;
  signedOutAfterFailover: number;
  usersSavingAfterFailover: number;
  users: number;
  failoverScriptMs: number;
  lagBeforeKillMs: number | null;
};

function ensurePackages(): Promise<void> {
  const map = readArcMap();
  const missing = map.functions.filter((fn) => fn.kind === "http" && !existsSync(join(repoRoot, "lambda-packages", fn.name, "index.mjs")));
  if (missing.length === 0) return Promise.resolve();
  log(`lambda-packages missing (${missing.map((f) => f.name).join(", ")}): npm run build && npm run package`);
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", "npm run build && npm run package"], { cwd: repoRoot, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`build/package exited ${code}`))));
  });
}

async function runMode(mode: "async" | "sync"): Promise<RunResult> {
  log(`===== ${mode} replication =====`);
  const root = workDir(`calcapp-dr-drill-${mode}-`);
  const [pgA, pgB, redisA, redisB, appA, appB, frontPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);

  // --- databases: the primary, the app's migrations, a streaming replica ---------------------
  const primary = await initCluster("us-east-1", root, pgA, { wal_level: "replica", max_wal_senders: 5, wal_keep_size: "'256MB'", hot_standby: "on", fsync: "off", max_connections: 100 });
  await startCluster(primary);
  await query(primary.url(), "CREATE DATABASE calcapp");
  await applyMigrations({ databaseUrl: primary.url("calcapp") });
  const replicaDir = join(root, "eu-west-1");
  await pgRun("pg_basebackup", ["-h", "127.0.0.1", "-p", String(pgA), "-U", "postgres", "-D", replicaDir, "-X", "stream", "-R", "-c", "fast"]);
  const replicaSocket = ownedDir(join(root, "eu-west-1-socket"));
  await appendConf(replicaDir, { port: pgB, unix_socket_directories: `'${replicaSocket}'` });
  const replica = pgServer("eu-west-1", replicaDir, pgB, replicaSocket);
  await startCluster(replica);
  await waitUntil("the replica streaming", async () => (await query<{ n: string }>(primary.url(), "SELECT count(*) AS n FROM pg_stat_replication WHERE state = 'streaming'"))[0]?.n === "1", 20_000);
  if (mode === "sync") {
    // Only now (the base backup copied postgresql.auto.conf): every commit waits for the replica's flush.
    await query(primary.url(), "ALTER SYSTEM SET synchronous_standby_names = '*'");
    await query(primary.url(), "SELECT pg_reload_conf()");
    await waitUntil("synchronous replication", async () => (await query<{ s: string }>(primary.url(), "SELECT sync_state AS s FROM pg_stat_replication"))[0]?.s === "sync", 10_000);
  }
  log(`PostgreSQL: primary :${pgA} (us-east-1), ${mode} streaming replica :${pgB} (eu-west-1)`);

  // --- Redis: us-east-1 and its replica (the Global Datastore's secondary) --------------------
  startRedis(PRIMARY, redisA, root);
  startRedis(DR, redisB, root, ["--replicaof", "127.0.0.1", String(redisA)]);

  // --- the two regions' Lambdas, warm ---------------------------------------------------------
  const jwtSecret = randomBytes(36).toString("base64url"); // replicated secret: the same in both regions
  const originVerify = randomBytes(24).toString("base64url");
  const frontUrl = `http://127.0.0.1:${frontPort}`;
  const secretFiles: Record<string, string> = {};
  const apps = [
    { region: PRIMARY, port: appA, db: pgA, redis: redisA },
    { region: DR, port: appB, db: pgB, redis: redisB },
  ].map(({ region, port, db, redis }) => {
    secretFiles[region] = join(root, `${region}-database-secret.json`);
    writeFileSync(secretFiles[region] as string, JSON.stringify({ engine: "postgres", host: "127.0.0.1", port: db, username: "postgres", password: "", dbname: "calcapp" }));
    return startProcess(`app ${region}`, tsx, ["arc/local/serve-lambdas.ts"], {
      cwd: repoRoot,
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        WEB_CONCURRENCY: "1",
        NODE_ENV: "production",
        LOG_LEVEL: "error",
        APP_REGION: region,
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${db}/calcapp?sslmode=disable`,
        DATABASE_CONNECT_TIMEOUT_MS: "1000",
        REDIS_URL: `redis://127.0.0.1:${redis}`,
        SESSION_SECRET: jwtSecret,
        ORIGIN_VERIFY_SECRET: originVerify,
        APP_ORIGIN: frontUrl,
      },
    });
  });
  for (const [i, port] of [appA, appB].entries()) {
    await waitUntil(`the ${i ? DR : PRIMARY} Lambdas`, async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200, 30_000, 200).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${recentOutput(apps[i] as ReturnType<typeof startProcess>)}`);
    });
  }
  log(`Lambdas warm: us-east-1 :${appA}, eu-west-1 :${appB}`);

  // --- the front (Route 53 + CloudFront) and the lag monitor (CloudWatch) ---------------------
  const front = new Front({ regions: [{ name: PRIMARY, url: `http://127.0.0.1:${appA}` }, { name: DR, url: `http://127.0.0.1:${appB}` }], intervalMs: INTERVAL_MS, threshold: THRESHOLD, ttlMs: TTL_MS, healthPath: "/health", originVerify });
  await front.listen(frontPort);
  const { onCleanup } = await import("./drill-harness");
  onCleanup("stop the front", () => front.close());
  const lagFile = join(root, "replication-lag.json");
  let lastLag: number | null = null;
  let monitoring = true;
  const monitor = (async () => {
    while (monitoring) {
      try {
        const [row] = await query<{ lag: number | null }>(primary.url(), "SELECT (EXTRACT(EPOCH FROM replay_lag) * 1000)::int AS lag FROM pg_stat_replication");
        lastLag = row ? (row.lag ?? 0) : lastLag;
        writeFileSync(lagFile, JSON.stringify({ lagMs: lastLag, at: new Date().toISOString() }));
      } catch {
        // the primary is gone: the last measurement stays, as CloudWatch's last datapoint does
      }
      await sleep(250);
    }
  })();
  const localConfig = join(root, "local-backend.json");
  writeFileSync(
    localConfig,
    JSON.stringify({
      globalId: "calcapp-drill",
      frontUrl,
      lagFile,
      regions: {
        [PRIMARY]: { database: { host: "127.0.0.1", port: pgA, user: "postgres", database: "calcapp" }, redisPort: redisA, secretFile: secretFiles[PRIMARY] },
        [DR]: { database: { host: "127.0.0.1", port: pgB, user: "postgres", database: "calcapp" }, redisPort: redisB, secretFile: secretFiles[DR] },
      },
    }),
  );

  // --- signed-in users ------------------------------------------------------------------------
  type User = { n: number; email: string; cookie: string; viewer: string };
  const users: User[] = [];
  for (let n = 0; n < USERS; n++) {
    const email = `drill-${mode}-${n}-${randomBytes(3).toString("hex")}@example.test`;
    const viewer = `198.51.100.${n + 10}:4${String(n).padStart(4, "0")}`;
    const response = await fetch(`${frontUrl}/signup`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: frontUrl, "x-drill-viewer-address": viewer },
      body: new URLSearchParams({ email, password: `Drill-${randomBytes(9).toString("base64url")}!`, redirectTo: "/" }),
    });
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0] as string)
      .find((c) => c.startsWith("__session="));
    if (!cookie) throw new Error(`sign-up failed (HTTP ${response.status}): ${(await response.text()).slice(0, 300)}\n${recentOutput(apps[0] as ReturnType<typeof startProcess>)}`);
    users.push({ n, email, cookie, viewer });
  }
  log(`${users.length} users signed up and signed in (sessions in us-east-1's Redis, replicated to eu-west-1's)`);

  const acks: Ack[] = [];
  let signedOut = 0;
  let failures = 0;
  let loadRunning = true;
  let killAt = Number.POSITIVE_INFINITY;
  const savedAfterFailover = new Set<number>();
  const signedOutAfterFailover = new Set<number>();
  const load = users.map(async (user) => {
    for (let seq = 0; loadRunning; seq++) {
      const sentAt = performance.now();
      try {
        const response = await fetch(`${frontUrl}/history/save`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: frontUrl, cookie: user.cookie, "x-drill-viewer-address": user.viewer },
          body: new URLSearchParams({ expression: `${user.n} + ${seq}`, input: "typed" }),
          signal: AbortSignal.timeout(5_000),
        });
        const body = (await response.json().catch(() => ({}))) as { saved?: string; id?: string };
        const region = response.headers.get("x-served-by") ?? "?";
        if (response.status === 201 && body.saved === "history" && body.id) {
          acks.push({ id: body.id, sentAt, at: performance.now(), region });
          if (sentAt > killAt) savedAfterFailover.add(user.n);
        } else if (response.status === 201 && body.saved === "session") {
          signedOut++; // the app no longer knew this user: the save went to a guest session
          if (sentAt > killAt) signedOutAfterFailover.add(user.n);
        } else failures++;
      } catch {
        failures++;
      }
      await sleep(25);
    }
  });

  await sleep(WARMUP_MS);
  const ackedBeforeKill = acks.length;
  if (ackedBeforeKill === 0) throw new Error(`no save was acknowledged during the warm-up (${failures} failures, ${signedOut} as guest)\n${recentOutput(apps[0] as ReturnType<typeof startProcess>)}`);
  const lagBeforeKill = lastLag;
  log(`load: ${ackedBeforeKill} saves acknowledged in ${WARMUP_MS / 1000} s (replication lag ${lagBeforeKill ?? "?"} ms). KILL the us-east-1 database (immediate stop)`);

  // --- the outage -----------------------------------------------------------------------------
  await stopCluster(primary, "immediate");
  killAt = performance.now(); // the database is gone: nothing sent from now on can reach it
  await waitUntil("the front to mark us-east-1 down", async () => front.events.some((e) => e.region === PRIMARY && !e.healthy && e.at > killAt), 60_000, 20);
  const detectAt = front.events.find((e) => e.region === PRIMARY && !e.healthy && e.at > killAt)?.at as number;
  log(`DETECTED: us-east-1 unhealthy after ${((detectAt - killAt) / 1000).toFixed(2)} s; running the failover script as the on-call engineer would`);

  const scriptArgs = ["dr/scripts/cli.ts", "failover", "--to", DR, "--unplanned", "--allow-data-loss", "--backend", "local", "--local-config", localConfig, "--poll-s", "0.2", "--timeout-s", "30", "--journal", join(root, "failover-journal.json")];
  console.log(`  $ tsx ${scriptArgs.join(" ")}`);
  const scriptStart = performance.now();
  const script = spawn(tsx, scriptArgs, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let scriptOutput = "";
  script.stdout.on("data", (chunk: Buffer) => {
    scriptOutput += chunk.toString();
    for (const line of chunk.toString().split("\n").filter(Boolean)) console.log(`  | ${line}`);
  });
  script.stderr.on("data", (chunk: Buffer) => {
    scriptOutput += chunk.toString();
    for (const line of chunk.toString().split("\n").filter(Boolean)) console.log(`  ! ${line}`);
  });
  const scriptExit = new Promise<number>((resolve) => script.on("exit", (code) => resolve(code ?? 1)));

  const promoteWait = await waitUntil("eu-west-1 promoted", async () => (await query<{ r: boolean }>(replica.url(), "SELECT pg_is_in_recovery() AS r"))[0]?.r === false, 60_000, 50);
  const promotedAt = performance.now();
  void promoteWait;
  // RTO: the first save *sent* after the kill that was acknowledged (one in flight at the kill does not count).
  await waitUntil("the first acknowledged save after the kill", async () => acks.some((a) => a.sentAt > killAt), RTO_LIMIT_MS * 2, 20);
  const firstAck = acks.find((a) => a.sentAt > killAt) as Ack;
  log(`FIRST ACKNOWLEDGED SAVE after the kill: ${((firstAck.at - killAt) / 1000).toFixed(2)} s, served by ${firstAck.region}`);
  const code = await scriptExit;
  const scriptMs = performance.now() - scriptStart;
  if (code !== 0) throw new Error(`the failover script exited ${code}:\n${scriptOutput}`);
  await sleep(AFTER_RTO_MS);
  loadRunning = false;
  await Promise.all(load);
  monitoring = false;
  await monitor;

  // --- verification: every acknowledged save on the new writer? -------------------------------
  const ids = acks.map((a) => a.id);
  const found = new Set((await query<{ id: string }>(replica.url("calcapp"), "SELECT id FROM calculation_history WHERE id = ANY($1::text[])", [ids])).map((r) => r.id));
  const lost = ids.filter((id) => !found.has(id)).length;
  const scriptPromote = /Promote took ([\d.]+) s/.exec(scriptOutput);
  const result: RunResult = {
    mode,
    detectMs: Math.round(detectAt - killAt),
    promoteMs: Math.round(promotedAt - detectAt),
    scriptPromoteMs: scriptPromote ? Math.round(Number(scriptPromote[1]) * 1000) : null,
    rtoMs: Math.round(firstAck.at - killAt),
    acked: acks.length,
    ackedBeforeKill: acks.filter((a) => a.sentAt <= killAt).length,
    lost,
    signedOutAfterFailover: signedOutAfterFailover.size,
    usersSavingAfterFailover: savedAfterFailover.size,
    users: users.length,
    failoverScriptMs: Math.round(scriptMs),
    lagBeforeKillMs: lagBeforeKill,
  };
  log(`${mode}: ${acks.length} saves acknowledged (${result.ackedBeforeKill} before the kill), ${lost} missing on the new writer; ${savedAfterFailover.size}/${users.length} users saved as themselves after the failover, ${signedOutAfterFailover.size} found signed out`);

  await front.close();
  for (const app of apps) await stopProcess(app);
  await stopCluster(replica, "fast");
  return result;
}

await drillMain("failover drill", 240_000, async () => {
  const started = performance.now();
  await ensurePackages();
  const results: RunResult[] = [];
  for (const mode of MODES) results.push(await runMode(mode));
  const totalMs = performance.now() - started;

  const s = (ms: number | null) => (ms === null ? "-" : `${(ms / 1000).toFixed(2)} s`);
  console.log(`\n=== Region failover drill (front: interval ${INTERVAL_MS} ms, threshold ${THRESHOLD}, TTL ${TTL_MS} ms; ${USERS} signed-in users) ===`);
  console.log("mode   | detect  | promoted (after detect) | script: promote | RTO (kill -> 1st ack write) | acked | lost (RPO) | signed out after | script total");
  for (const r of results) {
    console.log(
      `${r.mode.padEnd(6)} | ${s(r.detectMs).padEnd(7)} | ${s(r.promoteMs).padEnd(23)} | ${s(r.scriptPromoteMs).padEnd(15)} | ${s(r.rtoMs).padEnd(27)} | ${String(r.acked).padEnd(5)} | ${String(r.lost).padEnd(10)} | ${`${r.signedOutAfterFailover}/${r.users}`.padEnd(16)} | ${s(r.failoverScriptMs)}`,
    );
  }
  console.log(`total drill time: ${(totalMs / 1000).toFixed(1)} s`);
  writeResult("failover", { results, totalMs: Math.round(totalMs), intervalMs: INTERVAL_MS, threshold: THRESHOLD, ttlMs: TTL_MS, users: USERS });

  const problems: string[] = [];
  for (const r of results) {
    if (r.rtoMs > RTO_LIMIT_MS) problems.push(`${r.mode}: RTO ${s(r.rtoMs)} is over ${RTO_LIMIT_MS / 1000} s`);
    if (r.signedOutAfterFailover > 0) problems.push(`${r.mode}: ${r.signedOutAfterFailover} users were signed out by the failover`);
    if (r.usersSavingAfterFailover < r.users) problems.push(`${r.mode}: only ${r.usersSavingAfterFailover}/${r.users} users could save after the failover`);
    if (r.mode === "sync" && r.lost > 0) problems.push(`sync: ${r.lost} acknowledged saves lost (must be 0)`);
  }
  if (problems.length) throw new Error(`targets missed:\n  ${problems.join("\n  ")}`);
  console.log("targets met: RTO <= 30 s, 0 acknowledged saves lost in synchronous mode, nobody signed out");
});

// What both drills share: real PostgreSQL clusters in temporary directories (initdb / pg_ctl /
// pg_basebackup, run as the postgres user when we are root), Redis instances, child processes,
// free loopback ports, timing, and a cleanup that runs however the drill ends (success, error,
// Ctrl-C, SIGTERM). Nothing here touches the machine's own clusters (the one on 5432 included).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export const t0 = performance.now();
export const sinceStart = () => ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
export const log = (message: string) => console.log(`[+${sinceStart()} s] ${message}`);
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ----------------------------------------------------------------------------- cleanup ----

const cleanups: Array<{ name: string; run: () => Promise<void> | void }> = [];
let cleaning: Promise<void> | undefined;

export function onCleanup(name: string, run: () => Promise<void> | void): void {
  cleanups.push({ name, run });
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`cleanup ${step.name}: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

/** Runs the drill; whatever happens (error, Ctrl-C, SIGTERM, a hard time limit) everything it started is stopped and removed. */
export async function drillMain(name: string, limitMs: number, body: () => Promise<void>): Promise<void> {
  let interrupted = false;
  const stop = (signal: string) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${name}: ${signal}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  const limit = setTimeout(() => stop(`over the ${limitMs / 1000} s limit`), limitMs);
  try {
    await reapStale();
    await body();
  } catch (error) {
    console.error(`${name} FAILED: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(limit);
    await cleanup();
  }
  if (!interrupted) process.exit(process.exitCode ?? 0);
}

// ------------------------------------------------------------------------------ ports ----

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

// ------------------------------------------------------------------------- PostgreSQL ----

const isRoot = process.getuid?.() === 0;

export function pgBinDir(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin");
  return join(base, versions[0], "bin");
}

/** Runs a PostgreSQL binary, as the postgres user when we are root (initdb refuses root). */
export async function pgRun(binary: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const file = join(pgBinDir(), binary);
  const [command, commandArgs] = isRoot ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  try {
    const { stdout } = await run(command, commandArgs as string[], { env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stderr = "", stdout = "" } = error as { stderr?: string; stdout?: string };
    throw new Error(`${binary} ${args.join(" ")} failed: ${stderr || stdout || (error as Error).message}`);
  }
}

const DRILL_PREFIXES = ["calcapp-dr-drill-", "calcapp-restore-drill-"];
let activeDir: string | undefined;

/** A scratch directory the postgres user owns; it records its owner and children for reapStale(). */
export function workDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (isRoot) chownSync(dir, postgresIds().uid, postgresIds().gid);
  writeFileSync(join(dir, "owner.pid"), String(process.pid));
  activeDir = dir;
  onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Leftovers of a drill that was killed outright (SIGKILL, a crashed CI runner): its owner process
 * is gone but its PostgreSQL, Redis and app processes may still run. Stop them, remove the directory.
 */
export async function reapStale(): Promise<void> {
  for (const name of readdirSync(tmpdir()).filter((n) => DRILL_PREFIXES.some((p) => n.startsWith(p)))) {
    const dir = join(tmpdir(), name);
    const owner = Number(existsSync(join(dir, "owner.pid")) ? readFileSync(join(dir, "owner.pid"), "utf8") : NaN);
    if (Number.isFinite(owner) && alive(owner)) continue;
    const children = existsSync(join(dir, "children.pids")) ? readFileSync(join(dir, "children.pids"), "utf8").split("\n").map(Number).filter((pid) => pid > 0) : [];
    for (const pid of children) {
      const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, "utf8") : "";
      if (!/redis-server|serve-lambdas/.test(cmdline)) continue; // the pid was reused by something else
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // not a group leader any more
      }
    }
    for (const sub of readdirSync(dir)) {
      if (existsSync(join(dir, sub, "postmaster.pid"))) await pgRun("pg_ctl", ["-D", join(dir, sub), "-m", "immediate", "-w", "stop"]).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
    log(`removed the leftovers of an interrupted drill: ${dir}`);
  }
}

export function ownedDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (isRoot) {
    const { uid, gid } = postgresIds();
    chownSync(path, uid, gid);
  }
  return path;
}

let ids: { uid: number; gid: number } | undefined;
function postgresIds(): { uid: number; gid: number } {
  if (ids) return ids;
  const passwd = readFileSync("/etc/passwd", "utf8");
  const line = passwd.split("\n").find((l) => l.startsWith("postgres:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  ids = { uid: Number(uid ?? 101), gid: Number(gid ?? 104) };
  return ids;
}

export type PgServer = { name: string; dataDir: string; port: number; socketDir: string; url: (database?: string) => string };

export function pgServer(name: string, dataDir: string, port: number, socketDir: string): PgServer {
  return { name, dataDir, port, socketDir, url: (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}?sslmode=disable` };
}

/** initdb + settings; returns the (stopped) server. */
export async function initCluster(name: string, root: string, port: number, settings: Record<string, string | number>): Promise<PgServer> {
  const dataDir = join(root, name);
  const socketDir = ownedDir(join(root, `${name}-socket`));
  await pgRun("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"]);
  await appendConf(dataDir, { port, listen_addresses: "'127.0.0.1'", unix_socket_directories: `'${socketDir}'`, ...settings });
  return pgServer(name, dataDir, port, socketDir);
}

export async function appendConf(dataDir: string, settings: Record<string, string | number>): Promise<void> {
  const lines = Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join("\n");
  const file = join(dataDir, "postgresql.auto.conf");
  writeFileSync(file, `${readFileSync(file, "utf8")}\n${lines}\n`);
}

export async function startCluster(server: PgServer): Promise<void> {
  await pgRun("pg_ctl", ["-D", server.dataDir, "-l", join(server.dataDir, "server.log"), "-w", "-t", "60", "start"]);
  onCleanup(`stop PostgreSQL ${server.name}`, () => stopCluster(server, "immediate").catch(() => {}));
}

export async function stopCluster(server: PgServer, mode: "fast" | "immediate"): Promise<void> {
  if (!existsSync(join(server.dataDir, "postmaster.pid"))) return;
  await pgRun("pg_ctl", ["-D", server.dataDir, "-m", mode, "-w", "-t", "30", "stop"]);
}

export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<number> {
  const start = performance.now();
  for (;;) {
    try {
      if (await check()) return performance.now() - start;
    } catch {
      // not yet
    }
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// ----------------------------------------------------------------------- processes ----

export function startProcess(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; quiet?: boolean } = {}): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  (child as ChildProcess & { recentOutput: () => string }).recentOutput = () => output.join("");
  if (activeDir && child.pid) writeFileSync(join(activeDir, "children.pids"), `${child.pid}\n`, { flag: "a" });
  onCleanup(`stop ${name}`, () => stopProcess(child));
  return child;
}

export function recentOutput(child: ChildProcess): string {
  return (child as ChildProcess & { recentOutput?: () => string }).recentOutput?.() ?? "";
}

/** SIGTERM to the process group, SIGKILL after 3 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  }, 3_000);
  await exited;
  clearTimeout(timer);
}

export function startRedis(name: string, port: number, dir: string, extra: string[] = []): ChildProcess {
  return startProcess(`redis ${name}`, "redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, ...extra]);
}

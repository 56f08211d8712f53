// The embedded development database: PGlite (PostgreSQL compiled to WebAssembly) served over the
// PostgreSQL wire protocol by @electric-sql/pglite-socket, so every Lambda process of
// `arc sandbox`, the scripts and psql can share it. No DATABASE_URL needed, nothing to install.
//
// - ensureEmbeddedPostgres(): starts ONE detached server process on .data/pglite (or reuses the
//   one already listening), waits for it, applies the migrations, returns its DATABASE_URL.
// - `npm run db:embedded`: the same server in the foreground (Ctrl-C stops it).
// - startPgliteServer(): an in-process server (in-memory or on a folder) on any port, used as the
//   throwaway shadow database of `npm run db:migration` and by the tests.
//
// PGlite is a single-user PostgreSQL: the socket server queues queries from its connections (a
// transaction keeps the others waiting) and they all share one session (SET applies to everyone).
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

import { applyMigrations } from "../../app/lib/db/migrate.server";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const EMBEDDED_PORT = 5433;
export const EMBEDDED_DATA_DIR = path.join(repoRoot, ".data", "pglite");
/** Enough for sandbox's Lambda processes (a small pool each), scripts and a psql or two. */
export const EMBEDDED_MAX_CONNECTIONS = 32;

export function pgliteUrl(port: number, host = "127.0.0.1"): string {
  return `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`;
}

export const EMBEDDED_DATABASE_URL = pgliteUrl(EMBEDDED_PORT);

const lockFile = (dataDir: string) => `${dataDir}.pid`;
const logFile = (dataDir: string) => `${dataDir}.log`;

/** True when a PostgreSQL server answers `SELECT 1` at url. */
export async function isAcceptingConnections(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLockPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile(dataDir), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function pgliteServerScript(): string {
  // The package exports only ".", which resolves (require condition) to dist/index.cjs.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite-socket");
  return path.join(path.dirname(entry), "scripts", "server.js");
}

async function waitUntilAccepting(url: string, timeoutMs: number, isAlive: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isAcceptingConnections(url)) return;
    if (!isAlive()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export type EmbeddedOptions = {
  dataDir?: string;
  port?: number;
  /** Apply prisma/migrations after start (default true). */
  migrate?: boolean;
  /** How long to wait for a first start (PGlite initialises its folder in ~7 s). */
  timeoutMs?: number;
  log?: (message: string) => void;
};

/**
 * Starts the embedded database server (a detached process that outlives the caller) unless one
 * already listens on the port, applies the migrations and returns the DATABASE_URL.
 * Only one server ever opens a data folder: a <dataDir>.pid file guards it.
 */
export async function ensureEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<string> {
  const dataDir = path.resolve(options.dataDir ?? EMBEDDED_DATA_DIR);
  const port = options.port ?? EMBEDDED_PORT;
  const url = pgliteUrl(port);
  const log = options.log ?? ((message: string) => console.log(`[db] ${message}`));
  const timeoutMs = options.timeoutMs ?? 60_000;

  if (!(await isAcceptingConnections(url))) {
    const stale = readLockPid(dataDir);
    if (stale !== undefined && !processAlive(stale)) rmSync(lockFile(dataDir), { force: true });
    mkdirSync(path.dirname(dataDir), { recursive: true });
    let acquired = false;
    try {
      // Take the data folder before starting anything, so two callers never both open it.
      writeFileSync(lockFile(dataDir), `${process.pid}\n`, { flag: "wx" });
      acquired = true;
    } catch {
      log(`waiting for the embedded PostgreSQL (pid ${readLockPid(dataDir) ?? "?"}) to accept connections`);
    }
    if (acquired) {
      const out = openSync(logFile(dataDir), "a");
      const child = spawn(
        process.execPath,
        [
          pgliteServerScript(),
          "--db",
          dataDir,
          "--port",
          String(port),
          "--host",
          "127.0.0.1",
          "--max-connections",
          String(EMBEDDED_MAX_CONNECTIONS),
        ],
        { detached: true, stdio: ["ignore", out, out] },
      );
      if (child.pid === undefined) {
        rmSync(lockFile(dataDir), { force: true });
        throw new Error("Could not start the PGlite server process");
      }
      closeSync(out);
      writeFileSync(lockFile(dataDir), `${child.pid}\n`);
      child.unref();
      log(`starting the embedded PostgreSQL (PGlite, pid ${child.pid}) on ${dataDir}; log: ${logFile(dataDir)}`);
    }
    const serverAlive = () => {
      const pid = readLockPid(dataDir);
      return pid !== undefined && processAlive(pid);
    };
    await waitUntilAccepting(url, timeoutMs, serverAlive);
    if (!(await isAcceptingConnections(url))) {
      throw new Error(
        `The embedded PostgreSQL did not accept connections on port ${port} within ${timeoutMs} ms` +
          `${serverAlive() ? "" : " (its process exited)"}: see ${logFile(dataDir)}`,
      );
    }
  }

  if (options.migrate ?? true) {
    const { applied } = await applyMigrations({ databaseUrl: url });
    if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
  }
  return url;
}

/** Stops the detached embedded server, if this data folder has one. Returns whether it did. */
export async function stopEmbeddedPostgres(dataDir = EMBEDDED_DATA_DIR): Promise<boolean> {
  const pid = readLockPid(path.resolve(dataDir));
  if (pid === undefined || !processAlive(pid)) {
    rmSync(lockFile(path.resolve(dataDir)), { force: true });
    return false;
  }
  process.kill(pid, "SIGTERM"); // the server closes PGlite cleanly on SIGTERM
  const deadline = Date.now() + 10_000;
  while (processAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  rmSync(lockFile(path.resolve(dataDir)), { force: true });
  return true;
}

export type PgliteServer = { url: string; port: number; stop(): Promise<void> };

/**
 * An in-process PGlite server: `memory://` (default) or a folder, on `port` (0 = any free port).
 */
export async function startPgliteServer(
  options: { dataDir?: string; port?: number; maxConnections?: number } = {},
): Promise<PgliteServer> {
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite-socket"),
  ]);
  const db = await PGlite.create(options.dataDir ?? "memory://");
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 8,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const port = Number(server.getServerConn().split(":").at(-1));
  return {
    url: pgliteUrl(port),
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

// `npm run db:embedded`: the server in the foreground.
if (import.meta.url === `file://${process.argv[1]}`) {
  if (await isAcceptingConnections(EMBEDDED_DATABASE_URL)) {
    console.log(`An embedded PostgreSQL already runs on port ${EMBEDDED_PORT} (pid ${readLockPid(EMBEDDED_DATA_DIR) ?? "?"}).`);
    console.log(`DATABASE_URL=${EMBEDDED_DATABASE_URL}`);
    process.exit(0);
  }
  const pid = readLockPid(EMBEDDED_DATA_DIR);
  if (pid !== undefined && processAlive(pid)) {
    console.error(`Another process (pid ${pid}) holds ${EMBEDDED_DATA_DIR}; stop it first.`);
    process.exit(1);
  }
  mkdirSync(path.dirname(EMBEDDED_DATA_DIR), { recursive: true });
  rmSync(lockFile(EMBEDDED_DATA_DIR), { force: true }); // stale: its process is gone
  writeFileSync(lockFile(EMBEDDED_DATA_DIR), `${process.pid}\n`, { flag: "wx" });
  const fresh = !existsSync(EMBEDDED_DATA_DIR);
  console.log(`Starting PGlite on ${EMBEDDED_DATA_DIR}${fresh ? " (first start: ~10 s)" : ""}...`);
  const server = await startPgliteServer({
    dataDir: EMBEDDED_DATA_DIR,
    port: EMBEDDED_PORT,
    maxConnections: EMBEDDED_MAX_CONNECTIONS,
  });
  const { applied } = await applyMigrations({ databaseUrl: server.url });
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(", ")}`);
  console.log(`Embedded PostgreSQL ready. Ctrl-C to stop.\nDATABASE_URL=${server.url}`);
  const shutdown = async () => {
    await server.stop();
    rmSync(lockFile(EMBEDDED_DATA_DIR), { force: true });
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

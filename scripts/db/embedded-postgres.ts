// The embedded development database: PGlite (PostgreSQL compiled to WebAssembly) served over the
// PostgreSQL wire protocol by @electric-sql/pglite-socket, so every Lambda process of
// `arc sandbox`, the scripts and psql can share it. No DATABASE_URL needed, nothing to install.
//
// - startEmbeddedPostgres(): `npm run dev` (and dev:stripe, the sandbox e2e test) serve .data/pglite
//   on port 5433 from their OWN process and stop it when they end, so nothing outlives them; if a
//   server already listens there (another dev command, `npm run db:embedded`), they share it and
//   leave it running for its owner to stop.
// - ensureEmbeddedPostgres(): the db:* scripts start ONE detached server process on .data/pglite
//   (or reuse the one already listening), wait for it, apply the migrations, return its URL.
// - `npm run db:embedded`: the server in the foreground (Ctrl-C stops it).
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

/**
 * Takes the data folder's lock file for this process. Returns false when a live process holds it
 * (a server starting up): the caller should wait for that one. A stale lock is removed first.
 */
function takeDataDirLock(dataDir: string): boolean {
  const stale = readLockPid(dataDir);
  if (stale !== undefined && !processAlive(stale)) rmSync(lockFile(dataDir), { force: true });
  mkdirSync(path.dirname(dataDir), { recursive: true });
  try {
    writeFileSync(lockFile(dataDir), `${process.pid}\n`, { flag: "wx" });
    return true;
  } catch {
    return false;
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
    // Take the data folder before starting anything, so two callers never both open it.
    const acquired = takeDataDirLock(dataDir);
    if (!acquired) log(`waiting for the embedded PostgreSQL (pid ${readLockPid(dataDir) ?? "?"}) to accept connections`);
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

export type OwnedEmbeddedPostgres = {
  url: string;
  /** True when this process serves the database; false when it shares one already running. */
  owned: boolean;
  /** Stops the server if this process owns it (closes PGlite cleanly, frees the port and the lock). */
  stop(): Promise<void>;
};

/**
 * The embedded database for a dev command, served from the calling process: PGlite on
 * .data/pglite, listening on port 5433, migrated. It lives exactly as long as the caller (stop()
 * on the way out; if the process dies anyway, the port and the database die with it and the lock
 * file is stale). When a server already answers on the port it is shared, never stopped here.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<OwnedEmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir ?? EMBEDDED_DATA_DIR);
  const port = options.port ?? EMBEDDED_PORT;
  const url = pgliteUrl(port);
  const log = options.log ?? ((message: string) => console.log(`[db] ${message}`));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const migrate = async () => {
    if (options.migrate ?? true) {
      const { applied } = await applyMigrations({ databaseUrl: url });
      if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
    }
  };
  const shared = async (): Promise<OwnedEmbeddedPostgres> => {
    await migrate();
    return { url, owned: false, stop: async () => {} };
  };

  if (await isAcceptingConnections(url)) {
    log(`sharing the embedded PostgreSQL already running on port ${port} (pid ${readLockPid(dataDir) ?? "?"}); it is left running`);
    return shared();
  }
  if (!takeDataDirLock(dataDir)) {
    const holder = readLockPid(dataDir);
    log(`waiting for the embedded PostgreSQL that pid ${holder ?? "?"} is starting`);
    await waitUntilAccepting(url, timeoutMs, () => holder !== undefined && processAlive(holder));
    if (!(await isAcceptingConnections(url))) {
      throw new Error(`Process ${holder ?? "?"} holds ${lockFile(dataDir)} but nothing accepts connections on port ${port}: stop it, or delete the file if it is stale`);
    }
    return shared();
  }
  const fresh = !existsSync(dataDir);
  log(`starting the embedded PostgreSQL (PGlite, in this process) on ${dataDir}${fresh ? " (first start: ~10 s)" : ""}`);
  let server: PgliteServer;
  try {
    server = await startPgliteServer({ dataDir, port, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  } catch (error) {
    rmSync(lockFile(dataDir), { force: true });
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= server.stop().finally(() => {
      if (readLockPid(dataDir) === process.pid) rmSync(lockFile(dataDir), { force: true });
    }));
  try {
    await migrate();
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, owned: true, stop };
}

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

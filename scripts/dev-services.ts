// What the Lambdas under arc sandbox need besides themselves, started by `npm run dev` (and by the
// sandbox e2e test) when .env does not point elsewhere:
// - the store for sessions and rate limits: sandbox runs a process per request, so a Lambda's own
//   memory forgets everything; a loopback store server in this process remembers for them;
// - the database: the embedded PGlite server (scripts/db/embedded-postgres.ts), migrated, served
//   from this process too.
// Both live exactly as long as the dev command: close() stops them (a store or database another
// dev command already runs is shared and left to it). The helpers below also let the dev commands
// own their child processes: generate the Prisma client, run a build step, start `arc sandbox` and
// stop it with every Lambda process it started.
// Sandbox passes its Lambdas only what .env holds, so they find both at fixed local addresses
// (app/lib/store/get-store.server.ts, app/lib/db/secret-url.server.ts).
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { repoRoot } from "../arc/app-map";
import { EMBEDDED_DEV_DATABASE_URL } from "../app/lib/db/secret-url.server";
import { DevStoreClient } from "../app/lib/store/dev-store-client.server";
import { DEFAULT_DEV_STORE_PORT, DEFAULT_DEV_STORE_URL } from "../app/lib/store/dev-store-protocol";
import { startDevStoreServer } from "../app/lib/store/dev-store-server.server";
import { startEmbeddedPostgres } from "./db/embedded-postgres";
import { DEV_SES_FAKE_PORT } from "../app/lib/email/dev-ses";
import { startSesFake } from "../tests/support/ses-fake/server";

/** What .env sets: the only configuration sandboxed Lambdas see. */
export function readDotEnv(): Record<string, string | undefined> {
  try {
    return parseEnv(readFileSync(join(repoRoot, ".env"), "utf8"));
  } catch {
    return {};
  }
}

export type DevServices = { close(): Promise<void> };

export async function startDevServices(log: (message: string) => void = (m) => console.log(`[dev] ${m}`)): Promise<DevServices> {
  const dotenv = readDotEnv();
  let closeStore = async () => {};
  if (dotenv.REDIS_URL) {
    log("sessions and rate limits: REDIS_URL from .env");
  } else if (dotenv.DEV_STORE_URL && dotenv.DEV_STORE_URL !== DEFAULT_DEV_STORE_URL) {
    log(`sessions and rate limits: the store at DEV_STORE_URL (${dotenv.DEV_STORE_URL}), not started here`);
  } else {
    try {
      const server = await startDevStoreServer(DEFAULT_DEV_STORE_PORT);
      closeStore = server.close;
      log(`sessions and rate limits: in-memory dev store on ${server.url} (restarting npm run dev logs everyone out)`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      // Another `npm run dev` (or the sandbox test) already runs one: share it.
      await new DevStoreClient(DEFAULT_DEV_STORE_URL).ping().catch(() => {
        throw new Error(`Port ${DEFAULT_DEV_STORE_PORT} is taken by something that is not a CalcApp dev store: free it, or set REDIS_URL in .env`);
      });
      log(`sessions and rate limits: the dev store already running on ${DEFAULT_DEV_STORE_URL}`);
    }
  }
  let closeDatabase = async () => {};
  if (dotenv.DATABASE_URL) {
    log("database: DATABASE_URL from .env");
  } else {
    try {
      const database = await startEmbeddedPostgres({ log: (message) => log(`database: ${message}`) });
      closeDatabase = database.stop;
      log(`database: embedded PostgreSQL at ${EMBEDDED_DEV_DATABASE_URL}${database.owned ? " (stops with this command)" : ""}`);
    } catch (error) {
      await closeStore();
      throw error;
    }
  }
  let closeMail = async () => {};
  if (dotenv.SES_ENDPOINT) {
    log(`mail: SES_ENDPOINT from .env (${dotenv.SES_ENDPOINT})`);
  } else {
    try {
      const mail = await startSesFake({ port: DEV_SES_FAKE_PORT });
      closeMail = mail.close;
      log(`mail: the local SES fake on ${mail.url}; sent mail is listed at /dev/mail`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      log(`mail: the SES fake already running on port ${DEV_SES_FAKE_PORT} (npm run dev:mail or another dev command)`);
    }
  }
  let closing: Promise<void> | undefined;
  return {
    close: () => (closing ??= Promise.allSettled([closeStore(), closeDatabase(), closeMail()]).then(() => undefined)),
  };
}

const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name);

/** Children started by run(), so a shutdown can stop a build in progress. */
const running = new Set<ChildProcess>();

/** Runs a command to completion in the repository, its output on ours. */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: "inherit", ...options });
    running.add(child);
    child.on("exit", (code, signal) => {
      running.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${signal ?? code}`));
    });
    child.on("error", (error) => {
      running.delete(child);
      reject(error);
    });
  });
}

/** Stops whatever run() is running (a build interrupted by Ctrl-C) and waits for it. */
export async function stopRunning(): Promise<void> {
  await Promise.all([...running].map((child) => stopProcessTree(child)));
}

/**
 * The Prisma client (app/generated/prisma, git-ignored) from prisma/schema.prisma, as
 * `npm run db:generate` makes it. Dev commands run it before every first build, so a fresh clone
 * works after `npm install` alone, whether or not install scripts ran, and after schema changes.
 */
export function generatePrismaClient(): Promise<void> {
  return run(bin("prisma"), ["generate"], {
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/true", CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** `arc sandbox` on a port, in this process group (Ctrl-C reaches it too). */
export function startArcSandbox(port: number | string, options: { stdio?: SpawnOptions["stdio"] } = {}): ChildProcess {
  return spawn(bin("arc"), ["sandbox", "--port", String(port)], {
    cwd: repoRoot,
    stdio: options.stdio ?? ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      // Sandbox probes for AWS credentials; none are needed locally.
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "local",
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
      AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
    },
  });
}

/** Every live process below pid (children, grandchildren, ...), read from /proc or `ps`. */
export function descendantPids(pid: number): number[] {
  const parents = new Map<number, number[]>();
  const add = (child: number, parent: number) => parents.set(parent, [...(parents.get(parent) ?? []), child]);
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        add(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // No /proc (macOS): ask ps.
    try {
      const out = execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" });
      for (const line of out.trim().split("\n")) {
        const [child, parent] = line.trim().split(/\s+/).map(Number);
        if (child && parent) add(child, parent);
      }
    } catch {
      return [];
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of parents.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/**
 * Stops a child and everything it started: SIGTERM to the child, a wait for it to exit (sandbox
 * ends its own work within 5 s), then SIGTERM to any of its descendants still running (a Lambda
 * process mid-request), SIGKILL for whatever is left after `graceMs`.
 */
export async function stopProcessTree(child: ChildProcess, graceMs = 8_000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const tree = descendantPids(pid);
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signal(pid, "SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  if (alive(pid) && child.exitCode === null && child.signalCode === null) signal(pid, "SIGKILL");
  await exited;
  const rest = [...new Set([...tree, ...descendantPids(pid)])].filter(alive);
  for (const p of rest) signal(p, "SIGTERM");
  const deadline = Date.now() + 3_000;
  while (rest.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const p of rest.filter(alive)) signal(p, "SIGKILL");
}

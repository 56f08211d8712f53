// What the Lambdas under arc sandbox need besides themselves, started by `npm run dev` (and by the
// sandbox e2e test) when .env does not point elsewhere:
// - the store for sessions and rate limits: sandbox runs a process per request, so a Lambda's own
//   memory forgets everything; a loopback store server in this process remembers for them;
// - the database: the embedded PGlite server (scripts/db/embedded-postgres.ts), migrated.
// Sandbox passes its Lambdas only what .env holds, so they find both at fixed local addresses
// (app/lib/store/get-store.server.ts, app/lib/db/secret-url.server.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { repoRoot } from "../arc/app-map";
import { EMBEDDED_DEV_DATABASE_URL } from "../app/lib/db/secret-url.server";
import { DevStoreClient } from "../app/lib/store/dev-store-client.server";
import { DEFAULT_DEV_STORE_PORT, DEFAULT_DEV_STORE_URL } from "../app/lib/store/dev-store-protocol";
import { startDevStoreServer } from "../app/lib/store/dev-store-server.server";
import { ensureEmbeddedPostgres } from "./db/embedded-postgres";

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
  if (dotenv.DATABASE_URL) {
    log("database: DATABASE_URL from .env");
  } else {
    await ensureEmbeddedPostgres({ log: (message) => log(`database: ${message}`) });
    log(`database: embedded PostgreSQL at ${EMBEDDED_DEV_DATABASE_URL} (keeps running; npm run db:embedded shows it)`);
  }
  return { close: () => closeStore() };
}

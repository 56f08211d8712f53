// The app's database client: one PrismaClient per process (= per Lambda container), created on
// the first `await getPrisma()`. Importing this module does nothing: Prisma, pg and the database
// URL are loaded on that first call, so a page that never touches the database never connects
// (and does not pay Prisma's load time on a cold start).
// Connection settings and their reasons: docs/decisions/003-database-connections-on-lambda.md.
import type pg from "pg";

import type { PrismaClient } from "../../generated/prisma/client";
import { processEnv } from "../env.server";
import { logger } from "../observability/logger.server";
import { traceCall, tracingEnabled } from "../observability/tracing.server";
import { resolveDatabaseUrl } from "./secret-url.server";

export type { PrismaClient };

type Env = Record<string, string | undefined>;

function intFromEnv(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * pg pool settings for this process.
 * - DATABASE_POOL_MAX: connections per process; default 2 on Lambda (one request at a time per
 *   container; a page's loaders run in parallel), 10 elsewhere.
 * - DATABASE_STATEMENT_TIMEOUT_MS: server-side statement_timeout (default 10 000; 0 = none).
 */
export function poolConfigFromEnv(connectionString: string, env: Env = processEnv()): pg.PoolConfig {
  const onLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  const statementTimeout = intFromEnv(env, "DATABASE_STATEMENT_TIMEOUT_MS", 10_000);
  return {
    connectionString,
    max: intFromEnv(env, "DATABASE_POOL_MAX", onLambda ? 2 : 10, 1),
    // Fail fast when the database is unreachable instead of holding the request until the
    // Lambda times out.
    connectionTimeoutMillis: intFromEnv(env, "DATABASE_CONNECT_TIMEOUT_MS", 5_000),
    // Idle connections survive between invocations (that is the point of a warm container), but
    // not forever: close them after a minute without use, and recycle every connection after
    // 15 minutes so that, after a failover, connections move to the new writer.
    idleTimeoutMillis: 60_000,
    maxLifetimeSeconds: 15 * 60,
    keepAlive: true,
    ...(statementTimeout > 0
      ? {
          // Sent in the startup packet: no extra round trip, no SET (which would pin on RDS Proxy).
          statement_timeout: statementTimeout,
          // Client-side backstop for a dead network, where the server cannot time anything out.
          query_timeout: statementTimeout + 5_000,
        }
      : {}),
    idle_in_transaction_session_timeout: 30_000,
    application_name: `calcapp${env.AWS_LAMBDA_FUNCTION_NAME ? `:${env.AWS_LAMBDA_FUNCTION_NAME}` : ""}`.slice(0, 63),
  };
}

type Connected = { prisma: PrismaClient; pool: pg.Pool };

let connecting: Promise<Connected> | undefined;

async function connect(): Promise<Connected> {
  const [{ PrismaClient }, { PrismaPg }, { default: pgModule }] = await Promise.all([
    import("../../generated/prisma/client"),
    import("@prisma/adapter-pg"),
    import("pg"),
  ]);
  const databaseUrl = await resolveDatabaseUrl();
  const pool = new pgModule.Pool(poolConfigFromEnv(databaseUrl));
  // A connection the server drops while idle (failover, idle timeout on the server) must not
  // crash the process; the pool replaces it on the next query.
  pool.on("error", (error) => logger.warn("idle database connection error", { error: error.message }));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { prisma: tracingEnabled() ? withTracing(prisma) : prisma, pool };
}

/** On Lambda with X-Ray: one subsegment per query ("postgres User.findUnique"). */
function withTracing(prisma: PrismaClient): PrismaClient {
  const traced = prisma.$extends({
    query: {
      $allOperations({ model, operation, args, query }) {
        return traceCall("database", `postgres ${model ? `${model}.` : ""}${operation}`, () => query(args));
      },
    },
  });
  // The extension changes no model API; the app keeps one client type.
  return traced as unknown as PrismaClient;
}

/** The process-wide PrismaClient (created, not yet connected, on the first call). */
export function getPrisma(): Promise<PrismaClient> {
  connecting ??= connect().catch((error: unknown) => {
    connecting = undefined; // let the next request retry (e.g. the secrets extension was slow)
    throw error;
  });
  return connecting.then(({ prisma }) => prisma);
}

/** Closes the client and its pool (tests, scripts); the next getPrisma() starts afresh. */
export async function disconnectPrisma(): Promise<void> {
  const current = connecting;
  connecting = undefined;
  if (!current) return;
  const connected = await current.catch(() => undefined);
  if (!connected) return;
  await connected.prisma.$disconnect();
  if (!connected.pool.ended) await connected.pool.end();
}

// Health checks. /health is what Route 53's failover probes: it asks only the database, so a Redis
// blip never fails a region over. /v1/health is the deep check: database, Redis and whether every
// migration this build knows is applied, each with its latency. Each check
// has a 1 s budget, so a hung dependency answers 503 quickly instead of timing the probe out.
import { getPrisma } from "./db/client.server";
import { APP_VERSION, appRegion } from "./runtime.server";
import { getStore } from "./store/get-store.server";
import { logger } from "./observability/logger.server";

// Health answers are never cached: Route 53 and load balancers must see the live state.
export const noStore = { "Cache-Control": "no-store" } as const;

export const CHECK_TIMEOUT_MS = 1_000;

export type CheckStatus = "ok" | "error" | "skipped";

export type HealthReport = {
  status: "ok" | "error";
  version: string;
  region: string;
  checks?: Record<string, CheckStatus>;
  latencyMs?: Record<string, number>;
  failed?: string[];
};

export function basicHealth(): HealthReport {
  return { status: "ok", version: APP_VERSION, region: appRegion() };
}

async function within(name: string, timeoutMs: number, work: () => Promise<unknown>): Promise<CheckStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([work(), timeout]);
    return "ok";
  } catch (error) {
    logger.warn("health check failed", { check: name, error: error instanceof Error ? error.message : String(error) });
    return "error";
  } finally {
    clearTimeout(timer);
  }
}

export function checkDatabase(timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckStatus> {
  return within("database", timeoutMs, async () => {
    const prisma = await getPrisma();
    await prisma.$queryRaw`SELECT 1`;
  });
}

/** Redis when the app uses it; "skipped" with the in-memory store of `npm start` and tests. */
export async function checkRedis(timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckStatus> {
  let usesRedis = true;
  const status = await within("redis", timeoutMs, async () => {
    const store = await getStore();
    usesRedis = store.kind !== "memory";
    await store.ping();
  });
  return usesRedis ? status : "skipped";
}

/** The migrations this build expects but the database has not applied (or that failed). */
export function checkMigrations(expected: readonly string[] = __MIGRATIONS__, timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckStatus> {
  return within("migrations", timeoutMs, async () => {
    const prisma = await getPrisma();
    const rows = await prisma.$queryRaw<Array<{ migration_name: string }>>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = new Set(rows.map((row) => row.migration_name));
    const pending = expected.filter((name) => !applied.has(name));
    if (pending.length) throw new Error(`not applied: ${pending.join(", ")}`);
  });
}

/** Runs the named checks in parallel, timing each. */
export async function runChecks(
  checks: Record<string, () => Promise<CheckStatus>>,
): Promise<{ checks: Record<string, CheckStatus>; latencyMs: Record<string, number> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, run]) => {
      const started = performance.now();
      const status = await run();
      return [name, status, Math.round(performance.now() - started)] as const;
    }),
  );
  return {
    checks: Object.fromEntries(entries.map(([name, status]) => [name, status])),
    latencyMs: Object.fromEntries(entries.map(([name, , ms]) => [name, ms])),
  };
}

/** The report and its HTTP status: 503 naming every failed check. */
export function healthResponse(checks: Record<string, CheckStatus>, latencyMs?: Record<string, number>): Response {
  const failed = Object.entries(checks)
    .filter(([, status]) => status === "error")
    .map(([name]) => name);
  const report: HealthReport = {
    ...basicHealth(),
    status: failed.length ? "error" : "ok",
    checks,
    ...(latencyMs ? { latencyMs } : {}),
    ...(failed.length ? { failed } : {}),
  };
  return Response.json(report, { status: failed.length ? 503 : 200, headers: noStore });
}

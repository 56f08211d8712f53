import { checkDatabase, checkMigrations, checkRedis, healthResponse, runChecks } from "~/lib/health.server";

// The deep check: PostgreSQL, Redis and the migrations, in parallel, each within 1 s, with latencies.
export async function loader() {
  const { checks, latencyMs } = await runChecks({ database: checkDatabase, redis: checkRedis, migrations: () => checkMigrations() });
  return healthResponse(checks, latencyMs);
}

import { checkDatabase, healthResponse, runChecks } from "~/lib/health.server";

// What Route 53's failover health check probes: the database only (see health.server.ts).
export async function loader() {
  const { checks, latencyMs } = await runChecks({ database: checkDatabase });
  return healthResponse(checks, latencyMs);
}

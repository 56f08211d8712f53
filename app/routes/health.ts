import { checkWriterHere } from "~/lib/dr/writer-check.server";
import { checkDatabase, healthResponse, runChecks } from "~/lib/health.server";

// What Route 53's failover health check probes: the database, and (in a DR deployment) whether
// this region is the writer (app/lib/dr/writer-check.server.ts): traffic moves only with promotion.
export async function loader() {
  const { checks, latencyMs } = await runChecks({ database: checkDatabase, writer: () => checkWriterHere() });
  return healthResponse(checks, latencyMs);
}

import { basicHealth, noStore } from "~/lib/health.server";

// What Route 53's failover health check probes.
export function loader() {
  return Response.json(basicHealth(), { headers: noStore });
}

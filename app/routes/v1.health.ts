import { basicHealth, noStore } from "~/lib/health.server";

// The deep check (database and Redis are added by the accounts work).
export function loader() {
  return Response.json(basicHealth(), { headers: noStore });
}

import { APP_VERSION, appRegion } from "./runtime.server";

// Health answers are never cached: Route 53 and load balancers must see the live state.
export const noStore = { "Cache-Control": "no-store" } as const;

export type HealthReport = { status: "ok" | "error"; version: string; region: string };

export function basicHealth(): HealthReport {
  return { status: "ok", version: APP_VERSION, region: appRegion() };
}

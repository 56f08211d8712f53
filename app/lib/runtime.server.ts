// Facts about the running deployment that health checks and logs report.
import { runtimeEnv } from "./env.server";
// Defined when the app is built or bundled; local tooling run by tsx (arc/local/) shares the logger
// without a build, and reports "dev".
export const APP_VERSION = typeof __APP_VERSION__ === "string" ? __APP_VERSION__ : "dev";

export function appRegion(): string {
  const env = runtimeEnv();
  return env.APP_REGION ?? env.AWS_REGION ?? "local";
}

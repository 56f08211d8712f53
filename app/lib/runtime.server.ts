// Facts about the running deployment that health checks and logs report.
import { runtimeEnv } from "./env.server";
export const APP_VERSION = __APP_VERSION__;

export function appRegion(): string {
  const env = runtimeEnv();
  return env.APP_REGION ?? env.AWS_REGION ?? "local";
}

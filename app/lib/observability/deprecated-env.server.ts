// One warning per process when the environment still uses an old variable name (accepted for one
// release): at a Lambda's cold start, or a job's first session use.
import type { Env } from "../env.server";
import { logger } from "./logger.server";

const NEW_NAMES: Record<string, string> = { JWT_SECRET: "SESSION_SECRET", JWT_SECRET_ARN: "SESSION_SECRET_ARN" };
let warned = false;

export function warnDeprecatedEnvOnce(env: Pick<Env, "deprecatedNames">): void {
  if (warned || env.deprecatedNames.length === 0) return;
  warned = true;
  logger.warn("deprecated environment variable: rename it (it stops working in the next release)", {
    deprecated: env.deprecatedNames.join(", "),
    use: env.deprecatedNames.map((name) => NEW_NAMES[name] ?? name).join(", "),
  });
}

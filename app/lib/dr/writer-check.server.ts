// /health's answer to "may Route 53 send traffic here?" (docs/decisions/012): only when this
// region is the writer by the region role AND its database connection reaches a writable
// PostgreSQL (an Aurora reader, or a secondary cluster not yet promoted, is in recovery). So a
// standby never turns healthy before its promotion, and a fenced old region never turns healthy
// again. Without a DR role (development, staging) the check is skipped.
import { getPrisma } from "../db/client.server";
import { type EnvSource, processEnv } from "../env.server";
import type { CheckStatus } from "../health.server";
import { logger } from "../observability/logger.server";
import { roleConfigured, writeRefusal } from "./region-role.server";

export async function checkWriterHere(env: EnvSource = processEnv(), timeoutMs = 1_000): Promise<CheckStatus> {
  if (!roleConfigured(env)) return "skipped";
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      (async (): Promise<CheckStatus> => {
        const refusal = await writeRefusal(env);
        if (refusal) {
          logger.debug("not the writer region", { reason: refusal });
          return "error";
        }
        const prisma = await getPrisma();
        const [row] = await prisma.$queryRaw<Array<{ recovery: boolean }>>`SELECT pg_is_in_recovery() AS recovery`;
        return row?.recovery === false ? "ok" : "error";
      })(),
      new Promise<CheckStatus>((resolve) => {
        timer = setTimeout(() => resolve("error"), timeoutMs);
      }),
    ]);
  } catch (error) {
    logger.warn("health check failed", { check: "writer", error: error instanceof Error ? error.message : String(error) });
    return "error";
  } finally {
    clearTimeout(timer);
  }
}

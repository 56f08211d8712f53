// How a scheduled Lambda runs a job: a time budget from the Lambda's remaining time (so the job
// stops cleanly and the next run continues, instead of being killed mid-step), one JSON log line
// at the end, and a thrown error on failure so the invocation is marked failed (alarm, retry).
import type { Context } from "aws-lambda";
import { logger } from "../observability/logger.server";

/** Leave this much of the Lambda's time for finishing the current step and logging. */
const SAFETY_MARGIN_MS = 10_000;

export async function runScheduledJob<T>(name: string, context: Pick<Context, "getRemainingTimeInMillis"> | undefined, job: (deadline: number | undefined) => Promise<T>): Promise<T> {
  const started = Date.now();
  const remaining = context?.getRemainingTimeInMillis?.();
  const deadline = remaining === undefined ? undefined : started + Math.max(1_000, remaining - SAFETY_MARGIN_MS);
  try {
    const result = await job(deadline);
    logger.info("scheduled job done", { job: name, durationMs: Date.now() - started, result });
    return result;
  } catch (error) {
    logger.error("scheduled job failed", { job: name, durationMs: Date.now() - started, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

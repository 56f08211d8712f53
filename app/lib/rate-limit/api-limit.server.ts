// POST /v1/calculate's limit per client IP. It fails open: when the store is down, the calculator
// API keeps answering (unlimited until Redis is back; API Gateway's own throttling still applies).
import type { AppLoadContext } from "@remix-run/node";
import { problem } from "../http/problem";
import { clientIp, rateLimitSubject } from "../http/client-ip";
import { getStore } from "../store/get-store.server";
import { StoreUnavailableError } from "../store/store";
import { consume } from "./limiter.server";
import { retryAfterHeaders, tryAgainIn } from "./too-many";
import { activeRule } from "./active-rules.server";
import { logger } from "../observability/logger.server";

let lastWarned = 0;

/** A 429 to send instead of calculating, or null to go ahead. */
export async function limitCalculation(context: AppLoadContext): Promise<Response | null> {
  const rule = activeRule("calculateIp");
  try {
    const result = await consume(await getStore(), rule, rateLimitSubject(clientIp(context)));
    if (result.allowed) return null;
    return problem(
      429,
      "rate_limited",
      `Too many requests: at most ${rule.max} calculations a minute from one address. ${tryAgainIn(result.retryAfterSeconds)}`,
      retryAfterHeaders(result.retryAfterSeconds),
      { legacyError: true },
    );
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    if (Date.now() - lastWarned > 60_000) {
      lastWarned = Date.now();
      logger.warn("rate limiter store unavailable: /v1/calculate not limited", { error: error.message });
    }
    return null;
  }
}

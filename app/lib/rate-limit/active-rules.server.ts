// The rules as this deployment applies them: RATE_LIMIT_MULTIPLIER raises every maximum (the
// end-to-end suite, whose browsers all come from 127.0.0.1; development). Windows never change.
import { getEnv } from "../env.server";
import { RATE_LIMITS, type RateLimitRule } from "./rules";

export function activeRule(name: keyof typeof RATE_LIMITS): RateLimitRule {
  const rule = RATE_LIMITS[name];
  const multiplier = getEnv().rateLimitMultiplier;
  return multiplier === 1 ? rule : { ...rule, max: rule.max * multiplier };
}

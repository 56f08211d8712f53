// Daily active users are distinct users per day, not requests: the first time a signed-in user is
// seen on a (UTC) day counts 1, every later request that day counts nothing. The store remembers
// who was seen for two days, so the day boundary never double-counts.
import { emitMetric } from "./metrics.server";

/** What this needs of the session store (app/lib/store/store.ts): observability sits below the
 * store (the store logs and traces through it), so it names the one method instead of importing. */
export type HitCounter = { hit(key: string, windowMs: number): Promise<{ count: number }> };

const TWO_DAYS_MS = 2 * 24 * 60 * 60 * 1000;

export function activeUserKey(userId: string, now: Date): string {
  return `active:${now.toISOString().slice(0, 10)}:${userId}`;
}

/** Counts the user as active today if they were not yet; never fails the request. */
export async function markActive(store: HitCounter, userId: string, now = new Date()): Promise<boolean> {
  try {
    const { count } = await store.hit(activeUserKey(userId, now), TWO_DAYS_MS);
    if (count !== 1) return false;
    emitMetric("DailyActiveUsers");
    return true;
  } catch {
    return false; // a metric is not worth a failed page
  }
}

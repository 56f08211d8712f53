// The latest few results beside the keypad: from the database when signed in, from the session
// when a guest. Never worth breaking the calculator page for: when the store or the database is
// down, the list is simply empty.
import { logger } from "~/lib/observability/logger.server";
import { getSessionUser } from "~/lib/sessions/session.server";
import { guestResultsOf } from "~/lib/sessions/guest-session.server";
import { listEntries } from "./list.server";

export const RECENT_COUNT = 5;

export type RecentResult = { expression: string; result: string; at: string };

export async function recentResults(request: Request): Promise<RecentResult[]> {
  try {
    const user = await getSessionUser(request);
    if (user) {
      // The latest rows are within every plan's limit: no plan boundary to compute.
      const page = await listEntries(user.id, { premium: true, pageSize: RECENT_COUNT });
      return page.entries.map((entry) => ({ expression: entry.expression, result: entry.result, at: entry.createdAt.toISOString() }));
    }
    const guest = await guestResultsOf(request);
    return guest.slice(0, RECENT_COUNT).map((entry) => ({ expression: entry.expression, result: entry.result, at: new Date(entry.at).toISOString() }));
  } catch (error) {
    logger.warn("recent results unavailable", { error: error instanceof Error ? error.message : String(error) });
    return [];
  }
}

// Which history features the user has. The one reading of the subscription table is billing's
// isPremium (app/lib/billing/premium.server.ts); the history never decides "free" on its own.
import { isPremium } from "../billing/premium.server";

export type HistoryPlan = { premium: boolean };

export async function historyPlan(userId: string): Promise<HistoryPlan> {
  return { premium: await isPremium(userId) };
}

// Which plan a user is on, the one place that decides it: read from the subscription mirror
// (never from Stripe: a page load must not wait on, or fail with, a third party). /billing shows
// getPlan(); the history Lambda gates premium features on isPremium().
import { getPrisma } from "../db/client.server";
import { entitlement, type Entitlement } from "./entitlement";

export type PlanName = "free" | "premium";

export type Plan = {
  plan: PlanName;
  entitlement: Entitlement;
  /** The mirrored subscription, or null when the user never subscribed. */
  subscription: {
    status: string;
    priceId: string;
    currentPeriodEnd: Date;
    cancelAtPeriodEnd: boolean;
    cancelAt: Date | null;
    collectionPaused: boolean;
    disputedAt: Date | null;
    statusChangedAt: Date;
  } | null;
};

/** The mirror's columns the entitlement reads (also selected with the user row, see bearer.server.ts). */
export const mirrorColumns = {
  status: true,
  priceId: true,
  currentPeriodEnd: true,
  cancelAtPeriodEnd: true,
  cancelAt: true,
  collectionPaused: true,
  disputedAt: true,
  statusChangedAt: true,
} as const;

async function readMirror(userId: string) {
  const prisma = await getPrisma();
  return prisma.subscription.findUnique({ where: { userId }, select: mirrorColumns });
}

/** The user's plan and the mirrored subscription behind it (for /billing and feature gates). */
export async function getPlan(userId: string, now = new Date()): Promise<Plan> {
  const subscription = await readMirror(userId);
  const result = entitlement(subscription, now);
  return { plan: result.premium ? "premium" : "free", entitlement: result, subscription };
}

/** True when the user may use premium features right now (active, trialing, or past_due in grace). */
export async function isPremium(userId: string, now = new Date()): Promise<boolean> {
  return entitlement(await readMirror(userId), now).premium;
}

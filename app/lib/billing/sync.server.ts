// Mirrors one subscription from Stripe's current state, for the webhook and the re-sync job alike:
// lock the user's row, read the subscription from Stripe, write it. Reading under the lock means
// that of two concurrent writers for one user the second reads after the first wrote, so the
// mirror never goes back to an older state, whatever order the events came in.
//
// When the mirrored subscription has ended, the customer's other subscriptions are looked at
// before Premium goes: a second live one (two tabs, two Checkouts) takes its place.
import type Stripe from "stripe";

import type { Prisma } from "../../generated/prisma/client";
import type { MetricName } from "../observability/metrics.server";
import { isStripeError } from "./errors";
import { decide, isLive, isTerminal, snapshotOf } from "./mirror";

type Tx = Prisma.TransactionClient;

export type Effect = { effect: string; metrics: MetricName[] };

/** The reads from Stripe that mirroring needs (the SDK in production, a stand-in in unit tests). */
export type StripeReader = {
  subscription(id: string): Promise<Stripe.Subscription>;
  /** The customer's live subscriptions (active, trialing, past_due, unpaid, paused), newest first. */
  liveSubscriptions(customerId: string): Promise<Stripe.Subscription[]>;
  charge(id: string): Promise<Stripe.Charge>;
};

export function stripeReader(stripe: Stripe): StripeReader {
  return {
    subscription: (id) => stripe.subscriptions.retrieve(id),
    async liveSubscriptions(customerId) {
      const list = await stripe.subscriptions.list({ customer: customerId, status: "all", limit: 20 });
      return list.data.filter((sub) => isLive(sub.status)).sort((a, b) => b.created - a.created);
    },
    charge: (id) => stripe.charges.retrieve(id),
  };
}

/** Stripe's 404 for an object it does not have. */
export const isNotFound = (error: unknown) => isStripeError(error) && error.statusCode === 404;

export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;

async function lockUser(tx: Tx, userId: string): Promise<void> {
  // A row lock for the rest of this transaction (no session state: fine behind RDS Proxy).
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
}

export async function userIdForCustomer(tx: Tx, customerId: string | null): Promise<string | null> {
  if (!customerId) return null;
  const user = await tx.user.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } });
  return user?.id ?? null;
}

/** What identifies a subscription's user without asking Stripe (the event's own fields). */
export type SubscriptionRef = {
  subscriptionId: string;
  customerId: string | null;
  /** The user id Checkout put in the subscription's metadata. */
  metadataUserId: string | null;
  /** When the change was announced (the event's created time, or the re-sync's run). */
  created: Date;
};

/** The CalcApp user a subscription belongs to: the id Checkout put in its metadata, else its customer. */
async function userIdFor(tx: Tx, ref: SubscriptionRef): Promise<string | null> {
  if (ref.metadataUserId) {
    const user = await tx.user.findUnique({ where: { id: ref.metadataUserId }, select: { id: true } });
    if (user) return user.id;
  }
  return userIdForCustomer(tx, ref.customerId);
}

/** Reads `ref`'s subscription from Stripe under the user's lock and mirrors it. */
export async function syncSubscription(tx: Tx, stripe: StripeReader, ref: SubscriptionRef): Promise<Effect> {
  const userId = await userIdFor(tx, ref);
  // A subscription made outside CalcApp (e.g. in the Stripe dashboard for another customer):
  // nothing to mirror. Recorded, and answered 200 so Stripe does not retry it for days.
  if (!userId) return { effect: "no-user", metrics: [] };
  await lockUser(tx, userId);
  const current = await tx.subscription.findUnique({ where: { userId } });
  let sub: Stripe.Subscription;
  try {
    sub = await stripe.subscription(ref.subscriptionId);
  } catch (error) {
    // Stripe does not know it (deleted test data, another account's object): no retry can change
    // that, so it is recorded rather than answered 500 for days until Stripe disables the endpoint.
    if (isNotFound(error)) return { effect: "missing-at-stripe", metrics: [] };
    throw error;
  }
  let replaced = false;
  const mirrorsThis = !current || current.stripeSubscriptionId === sub.id || isTerminal(current.status);
  if (isTerminal(sub.status) && mirrorsThis) {
    const customerId = idOf(sub.customer);
    const other = customerId ? (await stripe.liveSubscriptions(customerId)).find((candidate) => candidate.id !== sub.id) : undefined;
    if (other) {
      sub = other;
      replaced = true;
    }
  }
  const incoming = snapshotOf(sub);
  const decision = decide(current, incoming);
  if (!decision.write) return { effect: `ignored:${decision.reason}`, metrics: [] };
  const sameSubscription = current?.stripeSubscriptionId === incoming.stripeSubscriptionId;
  const statusChanged = !current || !sameSubscription || current.status !== incoming.status;
  const lastEventCreatedAt = current?.lastEventCreatedAt && current.lastEventCreatedAt > ref.created ? current.lastEventCreatedAt : ref.created;
  const data = {
    ...incoming,
    lastEventCreatedAt,
    // A dispute belongs to the subscription it was about: another one starts clean.
    ...(sameSubscription ? {} : { disputedAt: null }),
    ...(statusChanged ? { statusChangedAt: ref.created } : {}),
  };
  await tx.subscription.upsert({
    where: { userId },
    create: { userId, ...data, statusChangedAt: ref.created },
    update: data,
  });
  const metrics: MetricName[] = [];
  if (decision.started) metrics.push("SubscriptionCreated");
  if (decision.canceled) metrics.push("SubscriptionCanceled");
  return { effect: `mirrored:${replaced ? "other-live-subscription" : decision.reason}:${incoming.status}`, metrics };
}

// Applies one verified Stripe event to the database, exactly once:
// - the event id goes into stripe_event in the same transaction as the event's effect, with
//   INSERT … ON CONFLICT DO NOTHING: a redelivery finds the row and changes nothing; a concurrent
//   duplicate blocks on the first one's uncommitted row, then finds it (or, if the first rolled
//   back, does the work itself);
// - the user's row is locked (SELECT … FOR UPDATE) before the mirror is read, so two different
//   events for one user apply one after the other, each against the other's result;
// - the ordering rules (older events never win) are mirror.ts's `decide`.
// No Stripe API call happens here: the events carry everything the mirror needs.
// Reasons and the list of events: docs/decisions/007-billing-and-webhooks.md.
import type Stripe from "stripe";

import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import type { MetricName } from "../observability/metrics.server";
import { unprocessableReason } from "./event-shape";
import { decide, isTerminal, snapshotOf } from "./mirror";

type Tx = Prisma.TransactionClient;

export type WebhookOutcome = {
  eventId: string;
  type: string;
  /**
   * duplicate: this event id was processed before (nothing changed now); unprocessable: it lacks
   * fields the handler reads, so it is recorded and never retried (event-shape.ts).
   */
  result: "processed" | "duplicate" | "unprocessable";
  /** What the event did, for the log line and tests. */
  effect: string;
  /** Business metrics to emit once the transaction has committed. */
  metrics: MetricName[];
};

type Effect = { effect: string; metrics: MetricName[] };

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;

async function lockUser(tx: Tx, userId: string): Promise<void> {
  // A row lock for the rest of this transaction (no session state: fine behind RDS Proxy).
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
}

/** The CalcApp user a subscription belongs to: the id Checkout put in its metadata, else its customer. */
async function userIdForSubscription(tx: Tx, sub: Stripe.Subscription): Promise<string | null> {
  const fromMetadata = sub.metadata?.userId;
  if (fromMetadata) {
    const user = await tx.user.findUnique({ where: { id: fromMetadata }, select: { id: true } });
    if (user) return user.id;
  }
  const customerId = idOf(sub.customer);
  if (!customerId) return null;
  const user = await tx.user.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } });
  return user?.id ?? null;
}

async function applySubscription(tx: Tx, sub: Stripe.Subscription, created: Date): Promise<Effect> {
  const userId = await userIdForSubscription(tx, sub);
  // A subscription made outside CalcApp (e.g. in the Stripe dashboard for another customer):
  // nothing to mirror. Recorded, and answered 200 so Stripe does not retry it for days.
  if (!userId) return { effect: "no-user", metrics: [] };
  await lockUser(tx, userId);
  const current = await tx.subscription.findUnique({ where: { userId } });
  const incoming = snapshotOf(sub);
  const decision = decide(current, incoming, created);
  if (!decision.write) return { effect: `ignored:${decision.reason}`, metrics: [] };
  const statusChanged = !current || current.stripeSubscriptionId !== incoming.stripeSubscriptionId || current.status !== incoming.status;
  const data = {
    ...incoming,
    lastEventCreatedAt: created,
    ...(statusChanged ? { statusChangedAt: created } : {}),
  };
  await tx.subscription.upsert({
    where: { userId },
    create: { userId, ...data, statusChangedAt: created },
    update: data,
  });
  const metrics: MetricName[] = [];
  if (decision.started) metrics.push("SubscriptionCreated");
  if (decision.canceled) metrics.push("SubscriptionCanceled");
  return { effect: `mirrored:${decision.reason}:${incoming.status}`, metrics };
}

/** The subscription an invoice bills (API 2025-03-31+: invoice.parent.subscription_details). */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/**
 * invoice.paid: a payment went through. Only the period moves forward here; the status is left to
 * customer.subscription.updated: a paid invoice that is not the subscription's
 * latest one (an old open invoice paid late) must not turn an `unpaid` or `past_due` subscription
 * back into `active`, and the invoice alone cannot tell which one is the latest.
 */
async function applyInvoicePaid(tx: Tx, invoice: Stripe.Invoice, created: Date): Promise<Effect> {
  const metrics: MetricName[] = ["PaymentSucceeded"];
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { effect: "paid:not-a-subscription", metrics };
  const found = await tx.subscription.findUnique({ where: { stripeSubscriptionId: subscriptionId }, select: { userId: true } });
  // Not mirrored yet: customer.subscription.created brings the whole state.
  if (!found) return { effect: "paid:not-mirrored-yet", metrics };
  await lockUser(tx, found.userId);
  const row = await tx.subscription.findUnique({ where: { userId: found.userId } });
  if (!row || row.stripeSubscriptionId !== subscriptionId) return { effect: "paid:not-mirrored-yet", metrics };
  if (isTerminal(row.status)) return { effect: "paid:ended", metrics };
  if (row.lastEventCreatedAt && created < row.lastEventCreatedAt) return { effect: "paid:stale", metrics };
  // Only a live, paying subscription's period moves on with its invoice.
  if (row.status !== "active" && row.status !== "trialing") return { effect: `paid:status-left-to-subscription-event:${row.status}`, metrics };
  const periodEnds = invoice.lines.data
    .filter((line) => idOf(line.subscription) === subscriptionId)
    .map((line) => line.period.end * 1000);
  const periodEnd = new Date(Math.max(row.currentPeriodEnd.getTime(), ...periodEnds));
  await tx.subscription.update({ where: { userId: found.userId }, data: { currentPeriodEnd: periodEnd, lastEventCreatedAt: created } });
  return { effect: "paid:period", metrics };
}

/** Checkout finished: make sure the user is linked to the Stripe customer that paid. */
async function applyCheckoutCompleted(tx: Tx, session: Stripe.Checkout.Session): Promise<Effect> {
  const userId = session.client_reference_id;
  const customerId = idOf(session.customer);
  if (!userId || !customerId) return { effect: "checkout:unlinked", metrics: [] };
  const user = await tx.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!user) return { effect: "checkout:no-user", metrics: [] };
  if (user.stripeCustomerId === customerId) return { effect: "checkout:linked", metrics: [] };
  if (user.stripeCustomerId) return { effect: "checkout:other-customer", metrics: [] };
  const taken = await tx.user.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } });
  if (taken) return { effect: "checkout:customer-of-another-user", metrics: [] };
  await tx.user.update({ where: { id: userId }, data: { stripeCustomerId: customerId } });
  return { effect: "checkout:linked-now", metrics: [] };
}

async function applyEffect(tx: Tx, event: Stripe.Event): Promise<Effect> {
  const created = new Date(event.created * 1000);
  switch (event.type) {
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return applySubscription(tx, event.data.object, created);
    case "invoice.paid":
      return applyInvoicePaid(tx, event.data.object, created);
    case "invoice.payment_failed":
      // Counted for the failed-payment alarm; past_due itself arrives as customer.subscription.updated.
      return { effect: "payment-failed", metrics: ["PaymentFailed"] };
    case "checkout.session.completed":
      return applyCheckoutCompleted(tx, event.data.object);
    default:
      return { effect: "recorded", metrics: [] };
  }
}

/**
 * Records `event` and applies its effect inside `tx`. Returns "duplicate" (and does nothing else)
 * when the event id is already recorded.
 */
export async function applyStripeEvent(tx: Tx, event: Stripe.Event): Promise<WebhookOutcome> {
  const base = { eventId: event.id, type: event.type };
  const { count } = await tx.stripeEvent.createMany({
    data: [{ id: event.id, type: event.type, createdAt: new Date(event.created * 1000) }],
    skipDuplicates: true,
  });
  if (count === 0) return { ...base, result: "duplicate", effect: "none", metrics: [] };
  const unprocessable = unprocessableReason(event);
  if (unprocessable) return { ...base, result: "unprocessable", effect: unprocessable, metrics: [] };
  return { ...base, result: "processed", ...(await applyEffect(tx, event)) };
}

/** applyStripeEvent in its own transaction. Throws (so the webhook answers 500) on any failure. */
export function processStripeEvent(prisma: PrismaClient, event: Stripe.Event): Promise<WebhookOutcome> {
  // A concurrent duplicate waits for the first transaction's row lock: allow it a few seconds.
  return prisma.$transaction((tx) => applyStripeEvent(tx, event), { maxWait: 5_000, timeout: 15_000 });
}

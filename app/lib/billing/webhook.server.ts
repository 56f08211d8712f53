// Applies one verified Stripe event to the database, exactly once:
// - the event id goes into stripe_event in the same transaction as the event's effect, with
//   INSERT … ON CONFLICT DO NOTHING: a redelivery finds the row and changes nothing; a concurrent
//   duplicate blocks on the first one's uncommitted row, then finds it (or, if the first rolled
//   back, does the work itself);
// - subscription and invoice events are a signal, not the state: with the user's row locked
//   (SELECT … FOR UPDATE), the subscription is read from Stripe and mirrored (sync.server.ts), so
//   two events in one second, out of order, or rendered in another API version all end in
//   Stripe's current state; a failed read throws, the webhook answers 500 and Stripe retries;
// - disputes and refunds are read from the payload (a charge id and amounts), plus the charge's
//   customer from Stripe for a dispute.
// Reasons and the list of events: docs/decisions/007-billing-and-webhooks.md.
import type Stripe from "stripe";

import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import type { MetricName } from "../observability/metrics.server";
import { unprocessableReason } from "./event-shape";
import { idOf, isNotFound, syncSubscription, userIdForCustomer, type Effect, type StripeReader } from "./sync.server";

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

/** The subscription an invoice bills (API 2025-03-31+: invoice.parent.subscription_details). */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/**
 * An invoice event: the subscription it bills is read from Stripe and mirrored. invoice.paid never
 * sets a status by itself: an old invoice paid late must not make an `unpaid` subscription active,
 * and Stripe's subscription says whether the latest invoice was the one paid.
 */
async function applyInvoice(tx: Tx, stripe: StripeReader, invoice: Stripe.Invoice, created: Date, metric: MetricName): Promise<Effect> {
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { effect: "invoice:not-a-subscription", metrics: [metric] };
  const synced = await syncSubscription(tx, stripe, {
    subscriptionId,
    customerId: idOf(invoice.customer),
    metadataUserId: invoice.parent?.subscription_details?.metadata?.userId ?? null,
    created,
  });
  return { effect: `invoice:${synced.effect}`, metrics: [metric, ...synced.metrics] };
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

/**
 * A dispute opened (charge.dispute.created): the money may be taken back, so Premium ends now on
 * the user's mirrored subscription; a dispute closed as won gives it back. Stripe's subscription
 * itself goes on: whether to cancel it is the operator's call in the dashboard.
 */
async function applyDispute(tx: Tx, stripe: StripeReader, dispute: Stripe.Dispute, created: Date, opened: boolean): Promise<Effect> {
  const chargeId = idOf(dispute.charge);
  if (!chargeId) return { effect: "dispute:no-charge", metrics: [] };
  let charge: Stripe.Charge;
  try {
    charge = await stripe.charge(chargeId);
  } catch (error) {
    if (isNotFound(error)) return { effect: "dispute:charge-missing-at-stripe", metrics: [] };
    throw error;
  }
  const userId = await userIdForCustomer(tx, idOf(charge.customer));
  if (!userId) return { effect: "dispute:no-user", metrics: [] };
  if (opened) {
    const { count } = await tx.subscription.updateMany({ where: { userId, disputedAt: null }, data: { disputedAt: created } });
    return { effect: count ? "dispute:premium-suspended" : "dispute:nothing-to-suspend", metrics: ["PaymentDisputed"] };
  }
  if (dispute.status !== "won") return { effect: `dispute:closed:${dispute.status}`, metrics: [] };
  const { count } = await tx.subscription.updateMany({ where: { userId, disputedAt: { not: null } }, data: { disputedAt: null } });
  return { effect: count ? "dispute:won:premium-restored" : "dispute:won", metrics: [] };
}

/** A charge refunded (in full or in part): recorded, cumulative; Premium is left as it is. */
async function applyRefund(tx: Tx, charge: Stripe.Charge, created: Date): Promise<Effect> {
  const customerId = idOf(charge.customer);
  const userId = await userIdForCustomer(tx, customerId);
  const data = { userId, customerId, amountRefunded: charge.amount_refunded, currency: charge.currency, refundedAt: created };
  const existing = await tx.chargeRefund.findUnique({ where: { chargeId: charge.id }, select: { amountRefunded: true } });
  // Refund events may arrive out of order: the cumulative amount only grows.
  if (existing && existing.amountRefunded >= charge.amount_refunded) return { effect: "refund:older", metrics: [] };
  await tx.chargeRefund.upsert({ where: { chargeId: charge.id }, create: { chargeId: charge.id, ...data }, update: data });
  return { effect: userId ? "refund:recorded" : "refund:recorded-no-user", metrics: ["PaymentRefunded"] };
}

async function applyEffect(tx: Tx, stripe: StripeReader, event: Stripe.Event): Promise<Effect> {
  const created = new Date(event.created * 1000);
  switch (event.type) {
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
    case "customer.subscription.paused":
    case "customer.subscription.resumed": {
      const sub = event.data.object;
      return syncSubscription(tx, stripe, { subscriptionId: sub.id, customerId: idOf(sub.customer), metadataUserId: sub.metadata?.userId ?? null, created });
    }
    case "invoice.paid":
      return applyInvoice(tx, stripe, event.data.object, created, "PaymentSucceeded");
    case "invoice.payment_failed":
      // Counted for the failed-payment alarm; past_due itself is Stripe's subscription state.
      return applyInvoice(tx, stripe, event.data.object, created, "PaymentFailed");
    case "checkout.session.completed":
      return applyCheckoutCompleted(tx, event.data.object);
    case "charge.dispute.created":
      return applyDispute(tx, stripe, event.data.object, created, true);
    case "charge.dispute.closed":
      return applyDispute(tx, stripe, event.data.object, created, false);
    case "charge.refunded":
      return applyRefund(tx, event.data.object, created);
    default:
      return { effect: "recorded", metrics: [] };
  }
}

/**
 * Records `event` and applies its effect inside `tx`. Returns "duplicate" (and does nothing else)
 * when the event id is already recorded.
 */
export async function applyStripeEvent(tx: Tx, event: Stripe.Event, stripe: StripeReader): Promise<WebhookOutcome> {
  const base = { eventId: event.id, type: event.type };
  const { count } = await tx.stripeEvent.createMany({
    data: [{ id: event.id, type: event.type, createdAt: new Date(event.created * 1000) }],
    skipDuplicates: true,
  });
  if (count === 0) return { ...base, result: "duplicate", effect: "none", metrics: [] };
  const unprocessable = unprocessableReason(event);
  if (unprocessable) return { ...base, result: "unprocessable", effect: unprocessable, metrics: [] };
  return { ...base, result: "processed", ...(await applyEffect(tx, stripe, event)) };
}

/**
 * applyStripeEvent in its own transaction. Throws (so the webhook answers 500) on any failure,
 * a failed read from Stripe included. The transaction allows for Stripe's timeout and the SDK's
 * retry (its reads happen under the user's lock).
 */
export function processStripeEvent(prisma: PrismaClient, event: Stripe.Event, stripe: StripeReader, stripeBudgetMs: number): Promise<WebhookOutcome> {
  return prisma.$transaction((tx) => applyStripeEvent(tx, event, stripe), { maxWait: 5_000, timeout: 5_000 + stripeBudgetMs });
}

// The Stripe events CalcApp acts on: the webhook endpoint's list (scripts/stripe-setup.ts creates
// the endpoint with exactly these) and, for subscriptions, what the re-sync job looks for.

/** Events that change a subscription's state: each one makes the app re-read that subscription. */
export const SUBSCRIPTION_EVENTS = [
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.paid",
  "invoice.payment_failed",
] as const;

/** Every event the webhook endpoint subscribes to. */
export const WEBHOOK_EVENTS = [
  "checkout.session.completed",
  ...SUBSCRIPTION_EVENTS,
  "charge.dispute.created",
  "charge.dispute.closed",
  "charge.refunded",
] as const;

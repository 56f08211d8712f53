// "Upgrade": a Stripe Checkout Session for the Premium price, for this user's one customer.
// Nothing in the database changes here: the subscription arrives through the webhook.
import { randomUUID } from "node:crypto";

import type Stripe from "stripe";

import { billingEnv } from "../env.server";
import { BillingNotConfiguredError, BillingRequestError, isStripeError } from "./errors";
import { ensureStripeCustomer } from "./customer.server";
import { isLive, isTerminal } from "./mirror";
import { getPlan } from "./plan.server";
import { getStripe } from "./stripe.server";
import { requireVerifiedEmail } from "./verified-email.server";

export const ALREADY_SUBSCRIBED_MESSAGE = "You already have a subscription. Use “Manage billing” to change it.";

/** The Checkout Session's parameters (pure, unit-tested): Stripe Tax only when switched on. */
export function checkoutParams(input: { userId: string; customer: string; priceId: string; appOrigin: string; automaticTax: boolean }): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "subscription",
    customer: input.customer,
    client_reference_id: input.userId,
    line_items: [{ price: input.priceId, quantity: 1 }],
    // The webhook finds the user from the subscription itself, whatever order events come in.
    subscription_data: { metadata: { userId: input.userId } },
    metadata: { userId: input.userId },
    success_url: `${input.appOrigin}/billing?checkout=success`,
    cancel_url: `${input.appOrigin}/billing?checkout=canceled`,
    // Stripe Tax: Checkout collects the billing address and saves it on the customer (required
    // with an existing customer), and tax is added to each invoice.
    ...(input.automaticTax ? { automatic_tax: { enabled: true }, customer_update: { address: "auto" as const } } : {}),
  };
}

async function expireOpenSessions(stripe: Stripe, customer: string): Promise<void> {
  const open = await stripe.checkout.sessions.list({ customer, status: "open", limit: 100 });
  for (const session of open.data) {
    try {
      await stripe.checkout.sessions.expire(session.id);
    } catch (error) {
      // Completed or expired in the meantime (Stripe's 400): nothing left to expire.
      if (!(isStripeError(error) && error.statusCode === 400)) throw error;
    }
  }
  // Paid in the moment between the list and the expiry: that subscription is live now.
  const again = await stripe.subscriptions.list({ customer, status: "all", limit: 20 });
  if (again.data.some((sub) => isLive(sub.status))) throw new BillingRequestError(ALREADY_SUBSCRIBED_MESSAGE);
}

/** Creates the Checkout Session and returns the URL to send the browser to. */
export async function startCheckout(userId: string, appOrigin: string): Promise<string> {
  const { priceId, automaticTax } = billingEnv();
  if (!priceId) throw new BillingNotConfiguredError();
  await requireVerifiedEmail(userId);
  const { subscription } = await getPlan(userId);
  // A live subscription (active, trialing, past_due, unpaid, paused) is managed in the portal;
  // a second checkout would bill the user twice.
  if (subscription && !isTerminal(subscription.status) && subscription.status !== "incomplete") {
    throw new BillingRequestError(ALREADY_SUBSCRIBED_MESSAGE);
  }
  const customer = await ensureStripeCustomer(userId);
  const stripe = await getStripe();
  // The mirror may lag (a webhook not landed yet, a disabled endpoint): ask Stripe too.
  const atStripe = await stripe.subscriptions.list({ customer, status: "all", limit: 20 });
  if (atStripe.data.some((sub) => isLive(sub.status))) throw new BillingRequestError(ALREADY_SUBSCRIBED_MESSAGE);
  // A Checkout Session left open in another tab could still be paid: a second subscription.
  // Expire them first; one completed meanwhile shows up as a live subscription next time.
  await expireOpenSessions(stripe, customer);
  // One key per press: Stripe replays a failed (5xx) answer for 24 h under the same key.
  const session = await stripe.checkout.sessions.create(checkoutParams({ userId, customer, priceId, appOrigin, automaticTax }), {
    idempotencyKey: `calcapp-checkout-${userId}-${randomUUID()}`,
  });
  if (!session.url) throw new Error(`Checkout Session ${session.id} has no url`);
  return session.url;
}

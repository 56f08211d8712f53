// "Upgrade": a Stripe Checkout Session for the Premium price, for this user's one customer.
// Nothing in the database changes here: the subscription arrives through the webhook.
import { billingEnv } from "../env.server";
import { BillingNotConfiguredError, BillingRequestError } from "./errors";
import { ensureStripeCustomer } from "./customer.server";
import { isTerminal } from "./mirror";
import { getPlan } from "./plan.server";
import { getStripe } from "./stripe.server";
import { requireVerifiedEmail } from "./verified-email.server";

/** Creates the Checkout Session and returns the URL to send the browser to. */
export async function startCheckout(userId: string, appOrigin: string): Promise<string> {
  const { priceId } = billingEnv();
  if (!priceId) throw new BillingNotConfiguredError();
  await requireVerifiedEmail(userId);
  const { subscription } = await getPlan(userId);
  // A live subscription (active, trialing, past_due, unpaid, paused) is managed in the portal;
  // a second checkout would bill the user twice.
  if (subscription && !isTerminal(subscription.status) && subscription.status !== "incomplete") {
    throw new BillingRequestError("You already have a subscription. Use “Manage billing” to change it.");
  }
  const customer = await ensureStripeCustomer(userId);
  const stripe = await getStripe();
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: userId,
    line_items: [{ price: priceId, quantity: 1 }],
    // The webhook finds the user from the subscription itself, whatever order events come in.
    subscription_data: { metadata: { userId } },
    metadata: { userId },
    success_url: `${appOrigin}/billing?checkout=success`,
    cancel_url: `${appOrigin}/billing?checkout=canceled`,
  });
  if (!session.url) throw new Error(`Checkout Session ${session.id} has no url`);
  return session.url;
}

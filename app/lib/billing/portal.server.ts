// "Manage billing": a Customer Portal session for the user's Stripe customer (cancel, resume,
// change card, invoices). Changes made there come back through the webhook.
import { getPrisma } from "../db/client.server";
import { BillingRequestError } from "./errors";
import { getStripe } from "./stripe.server";

/** Creates the portal session and returns the URL to send the browser to. */
export async function openBillingPortal(userId: string, appOrigin: string): Promise<string> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!user?.stripeCustomerId) throw new BillingRequestError("You have no billing account yet: upgrade first.", 400);
  const stripe = await getStripe();
  const session = await stripe.billingPortal.sessions.create({ customer: user.stripeCustomerId, return_url: `${appOrigin}/billing` });
  return session.url;
}

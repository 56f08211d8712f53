// Account deletion cancels the user's subscriptions at Stripe first, so a deleted account is
// never charged again. Called by the delete-account action before the soft delete; if Stripe
// cannot be reached it throws and the account is not deleted (the user can try again).
import { getPrisma } from "../db/client.server";
import { logger } from "../observability/logger.server";
import { isBillingConfigured } from "./stripe-secrets.server";
import { BillingRequestError, isStripeError, stripeErrorLog } from "./errors";
import { isTerminal } from "./mirror";
import { getStripe } from "./stripe.server";

/** Cancels, immediately, every subscription of the user's Stripe customer; returns their ids. */
export async function cancelStripeSubscriptionForUser(userId: string): Promise<string[]> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { stripeCustomerId: true, subscription: { select: { status: true } } },
  });
  if (!user?.stripeCustomerId) return [];
  if (!(await isBillingConfigured())) {
    // Without a key we cannot cancel; deleting the account anyway would leave a paying customer.
    if (user.subscription && !isTerminal(user.subscription.status)) {
      throw new BillingRequestError("Your subscription could not be canceled right now, so your account was not deleted. Please try again later.", 503);
    }
    return [];
  }
  const stripe = await getStripe();
  // Listed from Stripe, not the mirror: a subscription whose webhook has not landed yet counts too.
  const live = await stripe.subscriptions.list({ customer: user.stripeCustomerId, limit: 100 });
  const canceled: string[] = [];
  for (const sub of live.data) {
    if (isTerminal(sub.status)) continue;
    try {
      await stripe.subscriptions.cancel(sub.id, {}, { idempotencyKey: `calcapp-delete-${userId}-${sub.id}` });
    } catch (error) {
      // Canceled meanwhile (by the portal, or a payment failure): that is what we wanted.
      if (!(isStripeError(error) && error.statusCode === 400 && (await stripe.subscriptions.retrieve(sub.id)).status === "canceled")) throw error;
    }
    canceled.push(sub.id);
  }
  return canceled;
}

/**
 * For the delete-account action: cancels first and returns null, or the message to show when the
 * subscription could not be canceled (then the account must not be deleted).
 */
export async function cancelSubscriptionsBeforeDeletion(userId: string): Promise<string | null> {
  try {
    await cancelStripeSubscriptionForUser(userId);
    return null;
  } catch (error) {
    logger.error("account deletion: canceling the Stripe subscription failed", { userId, ...stripeErrorLog(error) });
    if (error instanceof BillingRequestError) return error.message;
    return "We could not cancel your subscription with our payment provider, so your account was not deleted. Please try again in a minute.";
  }
}

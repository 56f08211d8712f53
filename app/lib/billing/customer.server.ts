// One Stripe customer per CalcApp user, created on the first upgrade and reused after (so the
// portal shows every invoice, and a second checkout never makes a second customer).
import { getPrisma } from "../db/client.server";
import { BillingRequestError } from "./errors";
import { getStripe } from "./stripe.server";

/** The user's Stripe customer id, creating the customer if they have none yet. */
export async function ensureStripeCustomer(userId: string): Promise<string> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, stripeCustomerId: true, deletedAt: true } });
  if (!user || user.deletedAt) throw new BillingRequestError("This account no longer exists.", 404);
  if (user.stripeCustomerId) return user.stripeCustomerId;

  const stripe = await getStripe();
  // Two tabs pressing Upgrade at once: the same idempotency key makes Stripe answer both with the
  // one customer it created (for 24 h), and the conditional update below stores it once.
  const customer = await stripe.customers.create(
    { email: user.email, metadata: { userId } },
    { idempotencyKey: `calcapp-customer-${userId}` },
  );
  await prisma.user.updateMany({ where: { id: userId, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  const stored = await prisma.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!stored?.stripeCustomerId) throw new Error("The Stripe customer id was not stored");
  return stored.stripeCustomerId;
}

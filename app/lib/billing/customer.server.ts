// One Stripe customer per CalcApp user, created on the first upgrade and reused after (so the
// portal shows every invoice, and a second checkout never makes a second customer).
import { randomUUID } from "node:crypto";

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
  // A customer made for this user by an earlier attempt whose answer never reached us (timeout):
  // reuse it rather than make a second one.
  const existing = await stripe.customers.list({ email: user.email, limit: 10 });
  const mine = existing.data.find((candidate) => candidate.metadata?.userId === userId);
  // One idempotency key per attempt, not per user: Stripe replays a 5xx answer for the same key
  // for 24 hours, so a fixed key would block this user's Upgrade for a day after one transient
  // error. The SDK's own retry of this call reuses the key; the conditional update below stores
  // one customer when two tabs race.
  const customer = mine ?? (await stripe.customers.create({ email: user.email, metadata: { userId } }, { idempotencyKey: `calcapp-customer-${userId}-${randomUUID()}` }));
  await prisma.user.updateMany({ where: { id: userId, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  const stored = await prisma.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!stored?.stripeCustomerId) throw new Error("The Stripe customer id was not stored");
  return stored.stripeCustomerId;
}

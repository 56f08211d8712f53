// Billing is optional in development: with no Stripe key the billing page says so instead of failing.
export function isBillingConfigured(): boolean {
  return Boolean(process.env.STRIPE_SECRET_KEY && process.env.STRIPE_PRICE_ID);
}

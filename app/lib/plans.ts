// What each plan includes; shown on /billing and enforced by the history and billing Lambdas.
export const FREE_HISTORY_LIMIT = 100;

/**
 * Premium's price as shown on /billing. The amount charged is the Stripe price STRIPE_PRICE_ID
 * (set up in Stripe at 4.99 USD a month; the local fake seeds the same); pages show this
 * configuration and never ask Stripe on a page load.
 */
export const PREMIUM_PRICE = { amountCents: 499, currency: "USD", interval: "month" } as const;

export function formatPrice(price: { amountCents: number; currency: string; interval: string }): string {
  const amount = new Intl.NumberFormat("en-US", { style: "currency", currency: price.currency }).format(price.amountCents / 100);
  return `${amount} / ${price.interval}`;
}

export const plans = {
  free: {
    name: "Free",
    features: ["The full calculator, on the web and the JSON API", `Your latest ${FREE_HISTORY_LIMIT} results shown (older ones kept, shown again with Premium)`],
  },
  premium: {
    name: "Premium",
    features: ["Your whole history, shown", "Search by expression or result, filter by date", "CSV export"],
  },
} as const;

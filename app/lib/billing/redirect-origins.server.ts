// Where /billing's forms send the browser: Stripe's hosted Checkout and Customer Portal (or the
// local fake's pages under STRIPE_API_BASE). A document CSP with `form-action 'self'` blocks a
// form POST that redirects to another origin (Chrome and Firefox apply form-action to the
// redirect), which breaks Upgrade and Manage billing without JavaScript; the CSP must list these.
import { billingEnv } from "../env.server";

export const STRIPE_HOSTED_ORIGINS = ["https://checkout.stripe.com", "https://billing.stripe.com"] as const;

/** Origins to add to the document CSP's form-action. */
export function billingFormActionOrigins(): string[] {
  const { apiBase } = billingEnv();
  return apiBase ? [...STRIPE_HOSTED_ORIGINS, apiBase.origin] : [...STRIPE_HOSTED_ORIGINS];
}

// The Stripe SDK, created on first use. `await import("stripe")` keeps the SDK out of every code
// path that does not talk to Stripe: the calculator Lambda never evaluates it, and the billing
// Lambda only when a request needs it (the /billing page itself reads the mirror, not Stripe).
import type Stripe from "stripe";

import { billingEnv, type BillingEnv } from "../env.server";
import { stripeSecrets } from "./stripe-secrets.server";
import { BillingNotConfiguredError } from "./errors";

/** The API version the SDK, the webhook endpoint and the fake all use (stripe@23.1.0's pin). */
export const STRIPE_API_VERSION = "2026-10-28.endive";

/** The SDK options for this environment (exported for tests). */
export function stripeConfig(env: BillingEnv): Stripe.StripeConfig {
  return {
    // Pinned: the webhook handler and the fake rely on this version's shapes (period end on
    // subscription items, invoice.parent.subscription_details).
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: env.maxNetworkRetries,
    timeout: env.timeoutMs,
    telemetry: false,
    appInfo: { name: "CalcApp" },
    ...(env.apiBase
      ? {
          host: env.apiBase.hostname.replace(/^\[(.*)\]$/, "$1"),
          port: env.apiBase.port || (env.apiBase.protocol === "https:" ? 443 : 80),
          protocol: env.apiBase.protocol === "https:" ? "https" : "http",
        }
      : {}),
  };
}

let client: Promise<Stripe> | undefined;

async function create(): Promise<Stripe> {
  const secrets = await stripeSecrets();
  if (!secrets) throw new BillingNotConfiguredError();
  const { default: StripeClass } = await import("stripe");
  return new StripeClass(secrets.secretKey, stripeConfig(billingEnv()));
}

/** The process-wide Stripe client; throws BillingNotConfiguredError without a key. */
export function getStripe(): Promise<Stripe> {
  client ??= create().catch((error: unknown) => {
    client = undefined;
    throw error;
  });
  return client;
}

/** Tests switch configurations between cases. */
export function resetStripeForTests(): void {
  client = undefined;
}

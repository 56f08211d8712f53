// The Stripe account's side of billing, from code: the webhook endpoint (URL, the app's pinned API
// version, the app's event list) and the Customer Portal's default configuration (cancel at period
// end, card and invoices; no plan switching, no quantities: there is one price). Idempotent:
// a re-run changes only what drifted.
//
// An endpoint's API version cannot be changed once it exists: an endpoint at another version is
// replaced (a new one is created first, then the old one deleted), and the new signing secret is
// returned for the caller to store (scripts/stripe-setup.ts writes it to the app's Stripe secret).
import type Stripe from "stripe";

import { STRIPE_API_VERSION } from "../../app/lib/billing/stripe.server";
import { WEBHOOK_EVENTS } from "../../app/lib/billing/webhook-events";

export const PORTAL_FEATURES: Stripe.BillingPortal.ConfigurationCreateParams.Features = {
  subscription_cancel: { enabled: true, mode: "at_period_end", proration_behavior: "none" },
  subscription_update: { enabled: false },
  payment_method_update: { enabled: true },
  invoice_history: { enabled: true },
  customer_update: { enabled: true, allowed_updates: ["email", "address", "tax_id"] },
};

/** Marks what this script manages, so an operator's other endpoints are left alone. */
const MANAGED_BY = "calcapp-stripe-setup";

export type SetupResult = {
  endpoint: { id: string; action: "created" | "replaced" | "updated" | "unchanged"; apiVersion: string };
  /** The new endpoint's signing secret (whsec_…), only when one was created. Never log it. */
  webhookSecret?: string;
  portal: { id: string; action: "created" | "updated" };
  replacedEndpointIds: string[];
};

const sameEvents = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

export async function setUpStripe(stripe: Stripe, options: { webhookUrl: string; returnUrl: string }): Promise<SetupResult> {
  const events = [...WEBHOOK_EVENTS];
  const existing = (await stripe.webhookEndpoints.list({ limit: 100 })).data.filter((endpoint) => endpoint.url === options.webhookUrl || endpoint.metadata?.managed_by === MANAGED_BY);
  const current = existing.find((endpoint) => endpoint.url === options.webhookUrl && endpoint.api_version === STRIPE_API_VERSION);
  let endpoint: SetupResult["endpoint"];
  let webhookSecret: string | undefined;
  if (current) {
    const drifted = !sameEvents(current.enabled_events, events) || current.status !== "enabled";
    if (drifted) await stripe.webhookEndpoints.update(current.id, { enabled_events: events as Stripe.WebhookEndpointUpdateParams.EnabledEvent[], disabled: false });
    endpoint = { id: current.id, action: drifted ? "updated" : "unchanged", apiVersion: STRIPE_API_VERSION };
  } else {
    const created = await stripe.webhookEndpoints.create({
      url: options.webhookUrl,
      api_version: STRIPE_API_VERSION,
      enabled_events: events as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
      description: "CalcApp billing webhook (scripts/stripe-setup.ts)",
      metadata: { managed_by: MANAGED_BY },
    });
    webhookSecret = created.secret;
    endpoint = { id: created.id, action: existing.length ? "replaced" : "created", apiVersion: STRIPE_API_VERSION };
  }
  const replacedEndpointIds: string[] = [];
  for (const old of existing) {
    if (old.id === endpoint.id) continue;
    await stripe.webhookEndpoints.del(old.id);
    replacedEndpointIds.push(old.id);
  }

  const defaults = (await stripe.billingPortal.configurations.list({ is_default: true, limit: 1 })).data;
  const portalParams = { features: PORTAL_FEATURES, default_return_url: options.returnUrl, metadata: { managed_by: MANAGED_BY } };
  const portal = defaults[0]
    ? { id: (await stripe.billingPortal.configurations.update(defaults[0].id, portalParams)).id, action: "updated" as const }
    : { id: (await stripe.billingPortal.configurations.create(portalParams)).id, action: "created" as const };

  return { endpoint, ...(webhookSecret ? { webhookSecret } : {}), portal, replacedEndpointIds };
}

// Builders for the Stripe objects the fake serves, typed with stripe@23's own types (API version
// 2026-10-28.endive) so that what the SDK hands the app is exactly what the types promise: the
// period lives on subscription items, an invoice's subscription on parent.subscription_details.
// Fields the fake has no use for get Stripe's "nothing set" values (null, [], false).
// Decimal fields (`*_decimal`) are null: the SDK turns wire strings into Decimal objects, which a
// JSON fake cannot type honestly, and nothing in CalcApp reads them.
import type Stripe from "stripe";

export const API_VERSION = "2026-10-28.endive";

const list = <T>(data: T[], url: string): Stripe.ApiList<T> => ({ object: "list", data, has_more: false, url });

/** Adds one calendar month (Stripe bills monthly subscriptions on the same day of the month). */
export function addMonth(seconds: number, months = 1): number {
  const date = new Date(seconds * 1000);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return Math.floor(date.getTime() / 1000);
}

export function customer(id: string, created: number, params: { email?: string; name?: string; metadata?: Record<string, string> }): Stripe.Customer {
  return {
    id,
    object: "customer",
    address: null,
    balance: 0,
    created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: params.email ?? null,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: params.metadata ?? {},
    name: params.name ?? null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

export function product(id: string, created: number, name: string): Stripe.Product {
  return {
    id,
    object: "product",
    active: true,
    created,
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    name,
    package_dimensions: null,
    shippable: null,
    tax_details: null,
    type: "service",
    updated: created,
    url: null,
  };
}

export function price(id: string, created: number, productId: string, unitAmount: number, currency: string): Stripe.Price {
  return {
    id,
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created,
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: productId,
    recurring: { interval: "month", interval_count: 1, meter: null, trial_period_days: null, usage_type: "licensed" },
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: "recurring",
    unit_amount: unitAmount,
    unit_amount_decimal: null,
  };
}

function planOf(p: Stripe.Price): Stripe.Plan {
  return {
    id: p.id,
    object: "plan",
    active: p.active,
    amount: p.unit_amount,
    amount_decimal: null,
    billing_scheme: "per_unit",
    created: p.created,
    currency: p.currency,
    interval: "month",
    interval_count: 1,
    livemode: false,
    metadata: {},
    meter: null,
    nickname: null,
    product: typeof p.product === "string" ? p.product : p.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

export function subscriptionItem(id: string, subscriptionId: string, p: Stripe.Price, created: number, periodStart: number, periodEnd: number): Stripe.SubscriptionItem {
  return {
    id,
    object: "subscription_item",
    billing_thresholds: null,
    created,
    current_period_end: periodEnd,
    current_period_start: periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planOf(p),
    price: p,
    quantity: 1,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

export function subscription(params: {
  id: string;
  customer: string;
  item: Stripe.SubscriptionItem;
  created: number;
  metadata: Record<string, string>;
  latestInvoice: string | null;
}): Stripe.Subscription {
  return {
    id: params.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: params.item.current_period_start,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: params.created,
    currency: params.item.price.currency,
    customer: params.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: list([params.item], `/v1/subscription_items?subscription=${params.id}`),
    latest_invoice: params.latestInvoice,
    livemode: false,
    managed_payments: null,
    metadata: params.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: params.created,
    status: "active",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: null,
  };
}

export function invoice(params: {
  id: string;
  number: string;
  customer: string;
  sub: Stripe.Subscription;
  item: Stripe.SubscriptionItem;
  created: number;
  billingReason: "subscription_create" | "subscription_cycle";
}): Stripe.Invoice {
  const amount = params.item.price.unit_amount ?? 0;
  const currency = params.item.price.currency;
  const period = { start: params.item.current_period_start, end: params.item.current_period_end };
  const line: Stripe.InvoiceLineItem = {
    id: `il_${params.id.slice(3)}`,
    object: "line_item",
    amount,
    currency,
    description: `1 × ${params.item.price.nickname ?? "CalcApp Premium"} (at $${(amount / 100).toFixed(2)} / month)`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: params.id,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: params.sub.id,
        subscription_item: params.item.id,
      },
      type: "subscription_item_details",
    },
    period,
    pretax_credit_amounts: [],
    pricing: { price_details: { price: params.item.price.id, product: String(params.item.price.product) }, type: "price_details", unit_amount_decimal: null },
    quantity: 1,
    quantity_decimal: null,
    subscription: params.sub.id,
    subtotal: amount,
    taxes: [],
  };
  return {
    id: params.id,
    object: "invoice",
    account_country: "US",
    account_name: "CalcApp",
    account_tax_ids: null,
    amount_due: amount,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amount,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: params.billingReason,
    collection_method: "charge_automatically",
    created: params.created,
    currency,
    custom_fields: null,
    customer: params.customer,
    customer_account: null,
    customer_address: null,
    customer_email: null,
    customer_name: null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: params.created,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: list([line], `/v1/invoices/${params.id}/lines`),
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: params.number,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: params.sub.metadata, subscription: params.sub.id },
      type: "subscription_details",
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: period.start,
    period_start: period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "open",
    status_transitions: { finalized_at: params.created, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: amount,
    subtotal_excluding_tax: amount,
    test_clock: null,
    total: amount,
    total_discount_amounts: [],
    total_excluding_tax: amount,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

export function checkoutSession(params: {
  id: string;
  created: number;
  url: string;
  customer: string | null;
  customerEmail: string | null;
  clientReferenceId: string | null;
  successUrl: string;
  cancelUrl: string | null;
  price: Stripe.Price;
  metadata: Record<string, string>;
}): Stripe.Checkout.Session {
  const amount = params.price.unit_amount ?? 0;
  return {
    id: params.id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: params.cancelUrl,
    client_reference_id: params.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: params.created,
    currency: params.price.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: params.customer,
    customer_account: null,
    customer_creation: params.customer ? null : "always",
    customer_details: null,
    customer_email: params.customerEmail,
    discounts: [],
    expires_at: params.created + 24 * 60 * 60,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: params.metadata,
    mode: "subscription",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "always",
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: params.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted_page",
    url: params.url,
    wallet_options: null,
  };
}

export function portalSession(params: { id: string; created: number; customer: string; configuration: string; returnUrl: string | null; url: string }): Stripe.BillingPortal.Session {
  return {
    id: params.id,
    object: "billing_portal.session",
    configuration: params.configuration,
    created: params.created,
    customer: params.customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: params.returnUrl,
    url: params.url,
  };
}

export type EventObject = Stripe.Subscription | Stripe.Invoice | Stripe.Checkout.Session | Stripe.Customer | Stripe.Charge | Stripe.Dispute;

/** A v1 event as Stripe's webhooks deliver it (the union member matching `type`). */
export function event(
  id: string,
  type: Stripe.Event.Type,
  created: number,
  object: EventObject,
  previousAttributes?: Record<string, unknown>,
): Stripe.Event {
  return {
    id,
    object: "event",
    api_version: API_VERSION,
    created,
    data: { object: structuredClone(object), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as Stripe.Event;
}

// Charges, disputes and portal configurations carry only the fields CalcApp and the fake use;
// the rest of Stripe's (large) objects are left out, hence the casts.

export function charge(params: { id: string; created: number; customer: string; amount: number; currency: string; invoice: string }): Stripe.Charge {
  return {
    id: params.id,
    object: "charge",
    amount: params.amount,
    amount_captured: params.amount,
    amount_refunded: 0,
    captured: true,
    created: params.created,
    currency: params.currency,
    customer: params.customer,
    description: "Subscription update",
    disputed: false,
    livemode: false,
    metadata: { invoice: params.invoice },
    paid: true,
    payment_intent: null,
    refunded: false,
    status: "succeeded",
  } as unknown as Stripe.Charge;
}

export function dispute(params: { id: string; created: number; charge: Stripe.Charge }): Stripe.Dispute {
  return {
    id: params.id,
    object: "dispute",
    amount: params.charge.amount,
    charge: params.charge.id,
    created: params.created,
    currency: params.charge.currency,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: null,
    reason: "fraudulent",
    status: "needs_response",
  } as unknown as Stripe.Dispute;
}

export function portalConfiguration(params: { id: string; created: number; isDefault: boolean; features: unknown; defaultReturnUrl: string | null; metadata: Record<string, string> }): Stripe.BillingPortal.Configuration {
  return {
    id: params.id,
    object: "billing_portal.configuration",
    active: true,
    application: null,
    business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null },
    created: params.created,
    default_return_url: params.defaultReturnUrl,
    features: params.features,
    is_default: params.isDefault,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: params.metadata,
    name: null,
    updated: params.created,
  } as unknown as Stripe.BillingPortal.Configuration;
}

export function webhookEndpoint(params: { id: string; created: number; url: string; enabledEvents: string[]; apiVersion: string | null; description: string | null; metadata: Record<string, string> }): Stripe.WebhookEndpoint {
  return {
    id: params.id,
    object: "webhook_endpoint",
    api_version: params.apiVersion,
    application: null,
    created: params.created,
    description: params.description,
    enabled_events: params.enabledEvents,
    livemode: false,
    metadata: params.metadata,
    status: "enabled",
    url: params.url,
  };
}

/** The first API version with billing periods on subscription items and invoice.parent. */
export const ITEM_PERIODS_SINCE = "2025-03-31";

/**
 * `e` as Stripe renders it for an endpoint on `apiVersion`. Versions before 2025-03-31 have the
 * billing period on the subscription (not its items) and an invoice's subscription at
 * `invoice.subscription` (no `parent`), the two changes CalcApp's handler depends on.
 */
export function renderEvent(e: Stripe.Event, apiVersion: string): Stripe.Event {
  if (apiVersion.slice(0, 10) >= ITEM_PERIODS_SINCE) return { ...e, api_version: apiVersion };
  const out = structuredClone(e) as unknown as { api_version: string; data: { object: Record<string, unknown> } };
  out.api_version = apiVersion;
  const object = out.data.object;
  if (object.object === "subscription") {
    const items = (object.items as { data: Array<Record<string, unknown>> }).data;
    object.current_period_start = items[0]?.current_period_start;
    object.current_period_end = items[0]?.current_period_end;
    for (const item of items) {
      delete item.current_period_start;
      delete item.current_period_end;
    }
  }
  if (object.object === "invoice") {
    const parent = object.parent as { subscription_details?: { subscription?: string } } | null;
    object.subscription = parent?.subscription_details?.subscription ?? null;
    delete object.parent;
  }
  return out as unknown as Stripe.Event;
}

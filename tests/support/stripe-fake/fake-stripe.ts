// The in-memory state and the behaviour of the fake Stripe: customers, the seeded Premium price,
// Checkout and Customer Portal sessions, subscriptions, invoices, a clock that can be advanced
// (like Stripe's test clocks: renewals, failed payments and period ends really happen), and
// webhook events signed as Stripe signs them and POSTed to the app. The HTTP layer is server.ts.
import { randomBytes } from "node:crypto";
import Stripe from "stripe";

import * as build from "./objects";

export const DEFAULT_PRICE_ID = "price_calcapp_premium_monthly";
export const DEFAULT_PRODUCT_ID = "prod_calcapp_premium";
export const PREMIUM_UNIT_AMOUNT = 499; // 4.99 USD a month

/** Stripe's Smart Retries, simplified: a failed renewal is retried every 3 days, 4 attempts in all, then canceled. */
export const RETRY_INTERVAL_SECONDS = 3 * 24 * 60 * 60;
export const MAX_PAYMENT_ATTEMPTS = 4;

export type FakeStripeOptions = {
  /** The secret key the app must send (Bearer); any `sk_test_` key when unset. */
  apiKey?: string;
  /** Where events are POSTed; none are sent until it is set. */
  webhookUrl?: string;
  /**
   * Headers added on the way (not Stripe's): X-Origin-Verify when the URL is the origin itself,
   * as CloudFront adds it in front of the real endpoint.
   */
  webhookHeaders?: Record<string, string>;
  webhookSecret: string;
  /** The API version events to webhookUrl are rendered in (the app's, API_VERSION, by default). */
  webhookApiVersion?: string;
  priceId?: string;
  /** Base URL of the hosted pages (the fake's own address); server.ts sets it once listening. */
  publicUrl?: string;
  /** Wait before each background delivery, so "Activating…" is visible in the app. */
  webhookDelayMs?: number;
  /** Redeliver failed events by themselves (1 s, 5 s, 30 s later), as Stripe does over days. */
  autoRetry?: boolean;
  /**
   * The account has a saved default Customer Portal configuration (true unless false), as after an
   * operator saved the portal settings or ran the set-up script; without one Stripe refuses portal
   * sessions that name no configuration.
   */
  portalConfigured?: boolean;
  /**
   * Consecutive failed deliveries after which an endpoint made through the API is disabled
   * (Stripe disables an endpoint that keeps failing for days; here it counts attempts). 20 by default.
   */
  disableEndpointAfterFailures?: number;
};

/** A webhook endpoint made through the API: its signing secret and its run of failures. */
type Endpoint = { endpoint: Stripe.WebhookEndpoint; secret: string; failures: number };

/** Where one delivery goes: the options' URL (the app's own API version), or an endpoint. */
type Target = { url: string; secret: string; headers: Record<string, string>; apiVersion: string; endpoint?: Endpoint };

export type DeliveryAttempt = { eventId: string; type: string; status: number; at: string; body: string; endpointId?: string };

/**
 * The API version an endpoint made without `api_version` renders events in: the account's default,
 * which is the version of the account's first API request, often years older than the SDK's.
 */
export const ACCOUNT_DEFAULT_API_VERSION = "2024-06-20";

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    /** The four values of `type` in Stripe's error object (a bad API key is a 401 invalid_request_error). */
    readonly type: "invalid_request_error" | "api_error" | "card_error" | "idempotency_error",
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  toJSON() {
    return { error: { type: this.type, message: this.message, ...(this.code ? { code: this.code } : {}), ...(this.param ? { param: this.param } : {}) } };
  }
}

const idChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export function stripeId(prefix: string): string {
  return `${prefix}_${[...randomBytes(24)].map((byte) => idChars[byte % idChars.length]).join("")}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type CardBehaviour = "succeeds" | "declines";

export class FakeStripe {
  readonly options: Required<Pick<FakeStripeOptions, "webhookSecret">> & FakeStripeOptions;
  /** Seconds added to the wall clock: what advancing the test clock moves. */
  private clockOffset = 0;
  readonly customers = new Map<string, Stripe.Customer>();
  readonly products = new Map<string, Stripe.Product>();
  readonly prices = new Map<string, Stripe.Price>();
  readonly checkoutSessions = new Map<string, Stripe.Checkout.Session>();
  readonly portalSessions = new Map<string, Stripe.BillingPortal.Session>();
  readonly subscriptions = new Map<string, Stripe.Subscription>();
  readonly invoices = new Map<string, Stripe.Invoice>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly disputes = new Map<string, Stripe.Dispute>();
  readonly endpoints = new Map<string, Endpoint>();
  readonly portalConfigurations = new Map<string, Stripe.BillingPortal.Configuration>();
  readonly events: Stripe.Event[] = [];
  readonly deliveries: DeliveryAttempt[] = [];
  /** Requests the app made, for tests: method, path and parsed body. */
  readonly requests: Array<{ method: string; path: string; body: unknown }> = [];
  private cards = new Map<string, CardBehaviour>();
  private defaultCard: CardBehaviour = "succeeds";
  private invoiceCounter = 0;
  private queue: Promise<void> = Promise.resolve();
  private held: Stripe.Event[] | null = null;
  private signer = new Stripe("sk_test_fake_signer");

  constructor(options: FakeStripeOptions) {
    this.options = { ...options };
    this.seed();
  }

  private seed(): void {
    const created = this.now();
    const priceId = this.options.priceId ?? DEFAULT_PRICE_ID;
    this.products.set(DEFAULT_PRODUCT_ID, build.product(DEFAULT_PRODUCT_ID, created, "CalcApp Premium"));
    const p = build.price(priceId, created, DEFAULT_PRODUCT_ID, PREMIUM_UNIT_AMOUNT, "usd");
    p.nickname = "CalcApp Premium";
    this.prices.set(priceId, p);
    if (this.options.portalConfigured !== false) {
      const features = { subscription_cancel: { enabled: true, mode: "at_period_end" }, subscription_update: { enabled: false }, payment_method_update: { enabled: true }, invoice_history: { enabled: true } };
      const config = build.portalConfiguration({ id: stripeId("bpc"), created, isDefault: true, features, defaultReturnUrl: null, metadata: {} });
      this.portalConfigurations.set(config.id, config);
    }
  }

  /** Forgets everything (customers, subscriptions, events, failures) and resets the clock. */
  reset(): void {
    for (const map of [this.customers, this.products, this.prices, this.checkoutSessions, this.portalSessions, this.subscriptions, this.invoices, this.charges, this.disputes, this.endpoints, this.portalConfigurations]) map.clear();
    this.events.length = 0;
    this.deliveries.length = 0;
    this.requests.length = 0;
    this.cards.clear();
    this.defaultCard = "succeeds";
    this.clockOffset = 0;
    this.held = null;
    this.failures = { remaining: 0, status: 500 };
    this.savedFailures = { remaining: 0, status: 500 };
    this.inFlight.clear();
    this.slowness = { remaining: 0, delayMs: 0 };
    this.idempotency.clear();
    this.sessionSubscriptionData.clear();
    this.seed();
  }

  // ---- clock -------------------------------------------------------------------------------

  now(): number {
    return Math.floor(Date.now() / 1000) + this.clockOffset;
  }

  private setNow(seconds: number): void {
    this.clockOffset = Math.max(this.clockOffset, seconds - Math.floor(Date.now() / 1000));
  }

  /**
   * Moves the clock forward to `target`, doing on the way everything Stripe would: renewals
   * (invoice.paid, or invoice.payment_failed and past_due when the card declines), payment
   * retries, and the end of subscriptions set to cancel at period end. Returns the events, after
   * their delivery was attempted.
   */
  async advanceClock(target: number): Promise<Stripe.Event[]> {
    const before = this.events.length;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.setNow(next.at);
      next.run();
    }
    this.setNow(target);
    await this.flush();
    return this.events.slice(before);
  }

  private nextDue(target: number): { at: number; run: () => void } | null {
    let best: { at: number; run: () => void } | null = null;
    const consider = (at: number, run: () => void) => {
      if (at <= target && (!best || at < best.at)) best = { at, run };
    };
    for (const sub of this.subscriptions.values()) {
      const item = sub.items.data[0];
      if (!item) continue;
      if (sub.status === "active" || sub.status === "trialing") {
        consider(item.current_period_end, () => (sub.cancel_at_period_end ? this.endSubscription(sub) : this.renew(sub)));
      } else if (sub.status === "past_due") {
        const open = typeof sub.latest_invoice === "string" ? this.invoices.get(sub.latest_invoice) : undefined;
        if (open?.status === "open" && open.next_payment_attempt) consider(open.next_payment_attempt, () => this.retryPayment(sub, open));
      }
    }
    return best;
  }

  private renew(sub: Stripe.Subscription): void {
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const previous = { items: structuredClone(sub.items), latest_invoice: sub.latest_invoice };
    item.current_period_start = item.current_period_end;
    item.current_period_end = build.addMonth(item.current_period_start);
    const inv = this.createInvoice(sub, "subscription_cycle");
    sub.latest_invoice = inv.id;
    this.collectPayment(sub, inv, previous);
  }

  private retryPayment(sub: Stripe.Subscription, inv: Stripe.Invoice): void {
    this.collectPayment(sub, inv, {});
  }

  /** Attempts to pay `inv` with the customer's card and emits what Stripe emits. */
  private collectPayment(sub: Stripe.Subscription, inv: Stripe.Invoice, previous: Record<string, unknown>): void {
    const now = this.now();
    inv.attempted = true;
    inv.attempt_count += 1;
    if (this.cardOf(String(sub.customer)) === "succeeds") {
      inv.status = "paid";
      inv.amount_paid = inv.amount_due;
      inv.amount_remaining = 0;
      inv.next_payment_attempt = null;
      inv.status_transitions.paid_at = now;
      this.chargeFor(inv);
      this.emit("invoice.paid", inv);
      if (sub.status !== "active") previous.status = sub.status;
      sub.status = "active";
      this.emit("customer.subscription.updated", sub, previous);
      return;
    }
    this.emit("invoice.payment_failed", inv);
    if (inv.attempt_count >= MAX_PAYMENT_ATTEMPTS) {
      inv.next_payment_attempt = null;
      this.endSubscription(sub, "payment_failed");
      return;
    }
    inv.next_payment_attempt = now + RETRY_INTERVAL_SECONDS;
    if (sub.status !== "past_due") {
      previous.status = sub.status;
      sub.status = "past_due";
      this.emit("customer.subscription.updated", sub, previous);
    }
  }

  private endSubscription(sub: Stripe.Subscription, reason: "cancellation_requested" | "payment_failed" = "cancellation_requested"): void {
    const now = this.now();
    sub.status = "canceled";
    sub.ended_at = now;
    sub.canceled_at ??= now;
    sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason };
    this.emit("customer.subscription.deleted", sub);
  }

  // ---- cards -------------------------------------------------------------------------------

  /** Makes the customer's card (or, without a customer, every card) succeed or decline from now on. */
  setCard(behaviour: CardBehaviour, customerId?: string): void {
    if (customerId) this.cards.set(customerId, behaviour);
    else {
      this.defaultCard = behaviour;
      this.cards.clear();
    }
  }

  cardOf(customerId: string): CardBehaviour {
    return this.cards.get(customerId) ?? this.defaultCard;
  }

  // ---- failure injection -------------------------------------------------------------------

  failures = { remaining: 0, status: 500 };
  slowness: { remaining: number; delayMs: number; request?: string } = { remaining: 0, delayMs: 0 };
  savedFailures: { remaining: number; status: number; request?: string } = { remaining: 0, status: 500 };
  readonly idempotency = new Map<string, { status: number; body: unknown; fingerprint: string; expiresAt: number }>();
  /** Idempotency keys of requests still running (a second one meanwhile gets 409). */
  readonly inFlight = new Set<string>();

  /** The next `count` requests fail before running (nothing saved under their idempotency key). */
  failNext(count: number, status = 500): void {
    this.failures = { remaining: count, status };
  }

  /**
   * The next `count` requests (only those to `request`, "POST /v1/checkout/sessions", when given)
   * fail while running: the 5xx is saved under their key and replayed for 24 h.
   */
  failNextSaved(count: number, status = 500, request?: string): void {
    this.savedFailures = { remaining: count, status, request };
  }

  /** The next `count` requests (only those to `request`, "POST /v1/…", when given) wait `delayMs` before running. */
  slowNext(count: number, delayMs: number, request?: string): void {
    this.slowness = { remaining: count, delayMs, request };
  }

  // ---- API operations ----------------------------------------------------------------------

  createCustomer(params: { email?: string; name?: string; metadata?: Record<string, string> }): Stripe.Customer {
    const c = build.customer(stripeId("cus"), this.now(), params);
    this.customers.set(c.id, c);
    this.emit("customer.created", c);
    return c;
  }

  updateCustomer(id: string, params: { email?: string; name?: string; metadata?: Record<string, string> }): Stripe.Customer {
    const c = this.customer(id);
    if (params.email !== undefined) c.email = params.email;
    if (params.name !== undefined) c.name = params.name;
    if (params.metadata) c.metadata = { ...c.metadata, ...params.metadata };
    return c;
  }

  customer(id: string): Stripe.Customer {
    const c = this.customers.get(id);
    if (!c) throw new StripeApiError(404, "invalid_request_error", `No such customer: '${id}'`, "resource_missing", "id");
    return c;
  }

  createCheckoutSession(params: {
    mode?: string;
    priceId?: string;
    quantity?: string;
    customer?: string;
    customerEmail?: string;
    clientReferenceId?: string;
    successUrl?: string;
    cancelUrl?: string;
    metadata?: Record<string, string>;
    subscriptionMetadata?: Record<string, string>;
    automaticTax?: boolean;
    customerUpdateAddress?: string;
  }): Stripe.Checkout.Session {
    if (params.mode === undefined) throw new StripeApiError(400, "invalid_request_error", "Missing required param: mode.", "parameter_missing", "mode");
    // payment and setup are valid modes (server.ts refuses anything else); the fake sells subscriptions only.
    if (params.mode !== "subscription") throw new StripeApiError(400, "invalid_request_error", "The fake supports mode=subscription only.", undefined, "mode");
    if (!params.successUrl) throw new StripeApiError(400, "invalid_request_error", "Missing required param: success_url.", "parameter_missing", "success_url");
    const p = params.priceId ? this.prices.get(params.priceId) : undefined;
    if (!p) throw new StripeApiError(400, "invalid_request_error", `No such price: '${params.priceId ?? ""}'`, "resource_missing", "line_items[0][price]");
    if (params.quantity !== undefined && params.quantity !== "1") {
      throw new StripeApiError(400, "invalid_request_error", "The fake sells a quantity of 1.", "parameter_invalid_integer", "line_items[0][quantity]");
    }
    if (params.customer) this.customer(params.customer);
    // Stripe Tax needs the customer's address: an existing customer without one must let Checkout save it.
    if (params.automaticTax && params.customer && !this.customer(params.customer).address && params.customerUpdateAddress !== "auto") {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Automatic tax calculation in Checkout requires a valid address on the Customer. Add a valid address to the Customer or set either `customer_update[address]` to 'auto' or `customer_update[shipping]` to 'auto' to save the address entered in Checkout to the Customer.",
        undefined,
        "automatic_tax[enabled]",
      );
    }
    const id = stripeId("cs_test");
    const session = build.checkoutSession({
      id,
      created: this.now(),
      url: `${this.publicUrl()}/checkout/${id}`,
      customer: params.customer ?? null,
      customerEmail: params.customerEmail ?? null,
      clientReferenceId: params.clientReferenceId ?? null,
      successUrl: params.successUrl,
      cancelUrl: params.cancelUrl ?? null,
      price: p,
      metadata: params.metadata ?? {},
    });
    if (params.automaticTax) session.automatic_tax = { enabled: true, liability: { type: "self" }, provider: "stripe", status: "requires_location_inputs" };
    this.checkoutSessions.set(id, session);
    this.sessionSubscriptionData.set(id, { priceId: p.id, metadata: params.subscriptionMetadata ?? {} });
    return session;
  }

  /** What a session's subscription will be made of (line_items and subscription_data). */
  private sessionSubscriptionData = new Map<string, { priceId: string; metadata: Record<string, string> }>();

  checkoutSession(id: string): Stripe.Checkout.Session {
    const s = this.checkoutSessions.get(id);
    if (!s) throw new StripeApiError(404, "invalid_request_error", `No such checkout.session: '${id}'`, "resource_missing", "session");
    return s;
  }

  /**
   * "Pay" on the hosted checkout page. A declined card changes nothing (Checkout shows the error
   * and the customer tries again); a good one creates the subscription and its paid first
   * invoice, and sends customer.subscription.created, invoice.paid, checkout.session.completed.
   * Returns where the browser goes next.
   */
  payCheckout(id: string, card: CardBehaviour): { ok: true; redirect: string } | { ok: false; message: string } {
    const session = this.checkoutSession(id);
    if (session.status !== "open") return { ok: false, message: "This checkout session is no longer open." };
    if (card === "declines") return { ok: false, message: "Your card was declined. Try another card." };
    const now = this.now();
    let customerId = typeof session.customer === "string" ? session.customer : null;
    if (!customerId) customerId = this.createCustomer({ email: session.customer_email ?? undefined }).id;
    const data = this.sessionSubscriptionData.get(id) as { priceId: string; metadata: Record<string, string> };
    const p = this.prices.get(data.priceId) as Stripe.Price;
    const subId = stripeId("sub");
    const item = build.subscriptionItem(stripeId("si"), subId, p, now, now, build.addMonth(now));
    // Stripe's order: the subscription is created `incomplete` with its first invoice, the invoice
    // is paid, then the subscription turns `active`, and Checkout completes last.
    const sub = build.subscription({ id: subId, customer: customerId, item, created: now, metadata: data.metadata, latestInvoice: null });
    sub.status = "incomplete";
    this.subscriptions.set(subId, sub);
    const inv = this.createInvoice(sub, "subscription_create");
    sub.latest_invoice = inv.id;
    this.emit("customer.subscription.created", sub);
    inv.status = "paid";
    inv.attempted = true;
    inv.attempt_count = 1;
    inv.amount_paid = inv.amount_due;
    inv.amount_remaining = 0;
    inv.status_transitions.paid_at = now;
    this.chargeFor(inv);
    this.emit("invoice.paid", inv);
    sub.status = "active";
    this.emit("customer.subscription.updated", sub, { status: "incomplete" });
    session.status = "complete";
    session.payment_status = "paid";
    session.customer = customerId;
    session.subscription = subId;
    session.invoice = inv.id;
    this.emit("checkout.session.completed", session);
    return { ok: true, redirect: (session.success_url ?? "/").replaceAll("{CHECKOUT_SESSION_ID}", id) };
  }

  private createInvoice(sub: Stripe.Subscription, reason: "subscription_create" | "subscription_cycle"): Stripe.Invoice {
    this.invoiceCounter += 1;
    const inv = build.invoice({
      id: stripeId("in"),
      number: `CALC-${String(this.invoiceCounter).padStart(4, "0")}`,
      customer: String(sub.customer),
      sub,
      item: sub.items.data[0] as Stripe.SubscriptionItem,
      created: this.now(),
      billingReason: reason,
    });
    this.invoices.set(inv.id, inv);
    return inv;
  }

  invoice(id: string): Stripe.Invoice {
    const inv = this.invoices.get(id);
    if (!inv) throw new StripeApiError(404, "invalid_request_error", `No such invoice: '${id}'`, "resource_missing", "invoice");
    return inv;
  }

  createPortalSession(params: { customer?: string; returnUrl?: string; configuration?: string }): Stripe.BillingPortal.Session {
    if (!params.customer) throw new StripeApiError(400, "invalid_request_error", "Missing required param: customer.", "parameter_missing", "customer");
    this.customer(params.customer);
    const configuration = params.configuration ? this.portalConfigurations.get(params.configuration) : [...this.portalConfigurations.values()].find((config) => config.is_default && config.active);
    if (params.configuration) {
      if (!configuration) {
        throw new StripeApiError(400, "invalid_request_error", `No such configuration: '${params.configuration}'`, "resource_missing", "configuration");
      }
    } else if (!configuration) {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.",
      );
    }
    const id = stripeId("bps");
    const session = build.portalSession({ id, created: this.now(), customer: params.customer, configuration: configuration.id, returnUrl: params.returnUrl ?? configuration.default_return_url, url: `${this.publicUrl()}/portal/${id}` });
    this.portalSessions.set(id, session);
    return session;
  }

  portalSession(id: string): Stripe.BillingPortal.Session {
    const s = this.portalSessions.get(id);
    if (!s) throw new StripeApiError(404, "invalid_request_error", `No such billing_portal.session: '${id}'`, "resource_missing");
    return s;
  }

  subscription(id: string): Stripe.Subscription {
    const sub = this.subscriptions.get(id);
    if (!sub) throw new StripeApiError(404, "invalid_request_error", `No such subscription: '${id}'`, "resource_missing", "id");
    return sub;
  }

  /** Newest first, as Stripe lists. */
  listSubscriptions(params: { customer?: string; status?: string }): Stripe.Subscription[] {
    return [...this.subscriptions.values()].reverse().filter(
      (sub) =>
        (!params.customer || sub.customer === params.customer) &&
        // Stripe's default list leaves canceled subscriptions out; status=all includes them, and
        // status=ended means canceled or incomplete_expired.
        (params.status === "all" ? true : params.status === "ended" ? sub.status === "canceled" || sub.status === "incomplete_expired" : params.status ? sub.status === params.status : sub.status !== "canceled"),
    );
  }

  updateSubscription(id: string, params: { cancelAtPeriodEnd?: boolean; metadata?: Record<string, string>; pauseCollection?: { behavior: "keep_as_draft" | "mark_uncollectible" | "void" } | null }): Stripe.Subscription {
    const sub = this.subscription(id);
    if (sub.status === "canceled") {
      throw new StripeApiError(400, "invalid_request_error", "A canceled subscription can only update its cancellation_details and metadata.");
    }
    const previous: Record<string, unknown> = {};
    if (params.cancelAtPeriodEnd !== undefined && params.cancelAtPeriodEnd !== sub.cancel_at_period_end) {
      previous.cancel_at_period_end = sub.cancel_at_period_end;
      previous.cancel_at = sub.cancel_at;
      sub.cancel_at_period_end = params.cancelAtPeriodEnd;
      sub.cancel_at = params.cancelAtPeriodEnd ? (sub.items.data[0]?.current_period_end ?? null) : null;
      sub.canceled_at = params.cancelAtPeriodEnd ? this.now() : null;
    }
    if (params.pauseCollection !== undefined) {
      previous.pause_collection = sub.pause_collection;
      sub.pause_collection = params.pauseCollection ? { behavior: params.pauseCollection.behavior, resumes_at: null } : null;
    }
    if (params.metadata) {
      previous.metadata = sub.metadata;
      sub.metadata = { ...sub.metadata, ...params.metadata };
    }
    if (Object.keys(previous).length > 0) this.emit("customer.subscription.updated", sub, previous);
    return sub;
  }

  /** DELETE /v1/subscriptions/:id: cancels now. */
  cancelSubscription(id: string): Stripe.Subscription {
    const sub = this.subscription(id);
    if (sub.status === "canceled") {
      throw new StripeApiError(400, "invalid_request_error", `The subscription '${id}' has already been canceled.`, "resource_missing");
    }
    this.endSubscription(sub);
    return sub;
  }

  // ---- Checkout Sessions, charges, disputes, refunds, events, endpoints, portal configurations

  listCheckoutSessions(params: { customer?: string; status?: string }): Stripe.Checkout.Session[] {
    // Newest first (insertion order reversed: several sessions can share a second).
    return [...this.checkoutSessions.values()].reverse().filter((s) => (!params.customer || s.customer === params.customer) && (!params.status || s.status === params.status));
  }

  /** POST /v1/checkout/sessions/:id/expire: only an open session can be expired. */
  expireCheckoutSession(id: string): Stripe.Checkout.Session {
    const session = this.checkoutSession(id);
    if (session.status !== "open") {
      throw new StripeApiError(400, "invalid_request_error", `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status ?? ""}".`);
    }
    session.status = "expired";
    this.emit("checkout.session.expired", session);
    return session;
  }

  private chargeFor(inv: Stripe.Invoice): Stripe.Charge {
    const ch = build.charge({ id: stripeId("ch"), created: this.now(), customer: String(inv.customer), amount: inv.amount_paid, currency: inv.currency, invoice: inv.id });
    this.charges.set(ch.id, ch);
    return ch;
  }

  charge(id: string): Stripe.Charge {
    const ch = this.charges.get(id);
    if (!ch) throw new StripeApiError(404, "invalid_request_error", `No such charge: '${id}'`, "resource_missing", "id");
    return ch;
  }

  /** The charge that paid the subscription's latest paid invoice. */
  latestChargeOf(subscriptionId: string): Stripe.Charge {
    const invoices = [...this.invoices.values()].filter((inv) => inv.parent?.subscription_details?.subscription === subscriptionId && inv.status === "paid");
    const ids = new Set(invoices.map((inv) => inv.id));
    const found = [...this.charges.values()].filter((ch) => ids.has(ch.metadata.invoice ?? "")).at(-1);
    if (!found) throw new Error(`no charge for ${subscriptionId}`);
    return found;
  }

  /** The cardholder disputes a charge: charge.dispute.created. */
  disputeCharge(chargeId: string): Stripe.Dispute {
    const ch = this.charge(chargeId);
    ch.disputed = true;
    const d = build.dispute({ id: stripeId("dp"), created: this.now(), charge: ch });
    this.disputes.set(d.id, d);
    this.emit("charge.dispute.created", d);
    return d;
  }

  /** The bank decides: charge.dispute.closed with status won or lost. */
  closeDispute(id: string, status: "won" | "lost"): Stripe.Dispute {
    const d = this.disputes.get(id);
    if (!d) throw new StripeApiError(404, "invalid_request_error", `No such dispute: '${id}'`, "resource_missing", "dispute");
    d.status = status;
    this.emit("charge.dispute.closed", d);
    return d;
  }

  /** A refund (all that is left, or `amount`) from the dashboard: charge.refunded. */
  refundCharge(chargeId: string, amount?: number): Stripe.Charge {
    const ch = this.charge(chargeId);
    const refund = Math.min(amount ?? ch.amount - ch.amount_refunded, ch.amount - ch.amount_refunded);
    if (refund <= 0) throw new StripeApiError(400, "invalid_request_error", `Charge ${chargeId} has already been refunded.`, "charge_already_refunded");
    const previous = { amount_refunded: ch.amount_refunded, refunded: ch.refunded };
    ch.amount_refunded += refund;
    ch.refunded = ch.amount_refunded === ch.amount;
    this.emit("charge.refunded", ch, previous);
    return ch;
  }

  /** GET /v1/events: newest first, filtered by type(s) and created (server.ts pages it). */
  listEvents(params: { types?: string[]; created?: { gt?: number; gte?: number; lt?: number; lte?: number } }): Stripe.Event[] {
    const c = params.created ?? {};
    return [...this.events]
      .reverse()
      .filter((e) => (!params.types?.length || params.types.includes(e.type)) && (c.gt === undefined || e.created > c.gt) && (c.gte === undefined || e.created >= c.gte) && (c.lt === undefined || e.created < c.lt) && (c.lte === undefined || e.created <= c.lte));
  }

  createEndpoint(params: { url?: string; enabledEvents?: string[]; apiVersion?: string; description?: string; metadata?: Record<string, string> }): Stripe.WebhookEndpoint & { secret: string } {
    if (!params.url) throw new StripeApiError(400, "invalid_request_error", "Missing required param: url.", "parameter_missing", "url");
    if (!params.enabledEvents?.length) throw new StripeApiError(400, "invalid_request_error", "Missing required param: enabled_events.", "parameter_missing", "enabled_events");
    const endpoint = build.webhookEndpoint({
      id: stripeId("we"),
      created: this.now(),
      url: params.url,
      enabledEvents: params.enabledEvents,
      // Without api_version Stripe uses the account's default version, not the SDK's.
      apiVersion: params.apiVersion ?? ACCOUNT_DEFAULT_API_VERSION,
      description: params.description ?? null,
      metadata: params.metadata ?? {},
    });
    const secret = `whsec_${[...randomBytes(24)].map((byte) => idChars[byte % idChars.length]).join("")}`;
    this.endpoints.set(endpoint.id, { endpoint, secret, failures: 0 });
    // The secret is shown once, in the answer to the create call.
    return { ...endpoint, secret };
  }

  endpoint(id: string): Endpoint {
    const found = this.endpoints.get(id);
    if (!found) throw new StripeApiError(404, "invalid_request_error", `No such webhook endpoint: '${id}'`, "resource_missing", "id");
    return found;
  }

  updateEndpoint(id: string, params: { url?: string; enabledEvents?: string[]; disabled?: boolean; description?: string; metadata?: Record<string, string> }): Stripe.WebhookEndpoint {
    const { endpoint } = this.endpoint(id);
    if (params.url) endpoint.url = params.url;
    if (params.enabledEvents?.length) endpoint.enabled_events = params.enabledEvents;
    if (params.disabled !== undefined) {
      endpoint.status = params.disabled ? "disabled" : "enabled";
      this.endpoint(id).failures = 0;
    }
    if (params.description !== undefined) endpoint.description = params.description;
    if (params.metadata) endpoint.metadata = { ...endpoint.metadata, ...params.metadata };
    return endpoint;
  }

  deleteEndpoint(id: string): Stripe.DeletedWebhookEndpoint {
    this.endpoint(id);
    this.endpoints.delete(id);
    return { id, object: "webhook_endpoint", deleted: true };
  }

  createPortalConfiguration(params: { features?: unknown; defaultReturnUrl?: string; metadata?: Record<string, string> }): Stripe.BillingPortal.Configuration {
    if (!params.features) throw new StripeApiError(400, "invalid_request_error", "Missing required param: features.", "parameter_missing", "features");
    // The first configuration of an account becomes its default, as in the dashboard.
    const isDefault = ![...this.portalConfigurations.values()].some((config) => config.is_default);
    const config = build.portalConfiguration({ id: stripeId("bpc"), created: this.now(), isDefault, features: params.features, defaultReturnUrl: params.defaultReturnUrl ?? null, metadata: params.metadata ?? {} });
    this.portalConfigurations.set(config.id, config);
    return config;
  }

  updatePortalConfiguration(id: string, params: { features?: unknown; defaultReturnUrl?: string; metadata?: Record<string, string>; active?: boolean }): Stripe.BillingPortal.Configuration {
    const config = this.portalConfigurations.get(id);
    if (!config) throw new StripeApiError(404, "invalid_request_error", `No such configuration: '${id}'`, "resource_missing", "id");
    if (params.features) config.features = params.features as Stripe.BillingPortal.Configuration.Features;
    if (params.defaultReturnUrl !== undefined) config.default_return_url = params.defaultReturnUrl;
    if (params.metadata) config.metadata = { ...config.metadata, ...params.metadata };
    if (params.active !== undefined) config.active = params.active;
    config.updated = this.now();
    return config;
  }

  event(id: string): Stripe.Event {
    const e = this.events.find((candidate) => candidate.id === id);
    if (!e) throw new StripeApiError(404, "invalid_request_error", `No such event: '${id}'`, "resource_missing", "id");
    return e;
  }

  // ---- webhooks ----------------------------------------------------------------------------

  private publicUrl(): string {
    return (this.options.publicUrl ?? "http://127.0.0.1:12111").replace(/\/$/, "");
  }

  private emit(type: Stripe.Event.Type, object: build.EventObject, previous?: Record<string, unknown>): Stripe.Event {
    const e = build.event(stripeId("evt"), type, this.now(), object, previous && Object.keys(previous).length ? previous : undefined);
    this.events.push(e);
    if (this.held) this.held.push(e);
    else this.enqueue(e, this.options.webhookDelayMs ?? 0);
    return e;
  }

  private enqueue(e: Stripe.Event, delayMs: number): void {
    this.queue = this.queue.then(async () => {
      if (delayMs > 0) await sleep(delayMs);
      await this.deliver(e);
    });
  }

  /** Waits until every queued delivery was attempted. */
  async flush(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  /** The exact bytes Stripe would POST for `e` and a valid signature header for them, signed now. */
  signedPayload(e: Stripe.Event, secret = this.options.webhookSecret): { payload: string; header: string } {
    // Stripe sends pretty-printed JSON; verifying must use these bytes, not a re-serialisation.
    const payload = JSON.stringify(e, null, 2);
    return { payload, header: this.signer.webhooks.generateTestHeaderString({ payload, secret }) };
  }

  /** Where `e` goes: the options' URL (at the app's API version) and every enabled endpoint that asked for its type. */
  private targets(e: Stripe.Event): Target[] {
    const targets: Target[] = [];
    if (this.options.webhookUrl) {
      targets.push({ url: this.options.webhookUrl, secret: this.options.webhookSecret, headers: this.options.webhookHeaders ?? {}, apiVersion: this.options.webhookApiVersion ?? build.API_VERSION });
    }
    for (const endpoint of this.endpoints.values()) {
      const { enabled_events: types, status, url, api_version: version } = endpoint.endpoint;
      if (status !== "enabled" || !(types.includes("*") || types.includes(e.type))) continue;
      targets.push({ url, secret: endpoint.secret, headers: this.options.webhookHeaders ?? {}, apiVersion: version ?? ACCOUNT_DEFAULT_API_VERSION, endpoint });
    }
    return targets;
  }

  /** POSTs one event to every target, as Stripe does; the result of the first (or "no webhook URL set"). */
  async deliver(e: Stripe.Event, attempt = 1): Promise<DeliveryAttempt> {
    const targets = this.targets(e);
    if (targets.length === 0) return { eventId: e.id, type: e.type, status: 0, at: new Date().toISOString(), body: "no webhook URL set" };
    const results = await Promise.all(targets.map((target) => this.deliverTo(target, e, attempt)));
    return results[0] as DeliveryAttempt;
  }

  /** One POST: rendered in the target's API version, signed with its secret, 10 s timeout. */
  private async deliverTo(target: Target, e: Stripe.Event, attempt: number): Promise<DeliveryAttempt> {
    const { payload, header } = this.signedPayload(build.renderEvent(e, target.apiVersion), target.secret);
    let result: DeliveryAttempt;
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": header,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          ...target.headers,
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      result = { eventId: e.id, type: e.type, status: response.status, at: new Date().toISOString(), body: (await response.text()).slice(0, 500) };
    } catch (error) {
      result = { eventId: e.id, type: e.type, status: 0, at: new Date().toISOString(), body: String(error) };
    }
    if (target.endpoint) result.endpointId = target.endpoint.endpoint.id;
    this.deliveries.push(result);
    const failed = result.status < 200 || result.status >= 300;
    if (target.endpoint) {
      // Stripe disables an endpoint that keeps failing (and emails the account's owners).
      target.endpoint.failures = failed ? target.endpoint.failures + 1 : 0;
      if (target.endpoint.failures >= (this.options.disableEndpointAfterFailures ?? 20)) target.endpoint.endpoint.status = "disabled";
    }
    const backoff = [1_000, 5_000, 30_000][attempt - 1];
    if (failed && this.options.autoRetry && backoff !== undefined) {
      setTimeout(() => {
        if (!target.endpoint || target.endpoint.endpoint.status === "enabled") void this.deliverTo(target, e, attempt + 1);
      }, backoff).unref();
    }
    return result;
  }

  /** Sends `e` again, `copies` times at once (a redelivery, or Stripe's rare concurrent duplicates). */
  async redeliver(id: string, copies = 1): Promise<DeliveryAttempt[]> {
    const e = this.event(id);
    return Promise.all(Array.from({ length: copies }, () => this.deliver(e)));
  }

  /** From now on events are kept back until release(). */
  hold(): void {
    this.held ??= [];
  }

  /** Delivers the held events in the order asked ("reverse": newest first), one after another. */
  async release(order: "fifo" | "reverse" = "fifo"): Promise<DeliveryAttempt[]> {
    const held = this.held ?? [];
    this.held = null;
    const results: DeliveryAttempt[] = [];
    for (const e of order === "reverse" ? [...held].reverse() : held) results.push(await this.deliver(e));
    return results;
  }
}

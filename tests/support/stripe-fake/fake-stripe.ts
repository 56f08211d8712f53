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
  priceId?: string;
  /** Base URL of the hosted pages (the fake's own address); server.ts sets it once listening. */
  publicUrl?: string;
  /** Wait before each background delivery, so "Activating…" is visible in the app. */
  webhookDelayMs?: number;
  /** Redeliver failed events by themselves (1 s, 5 s, 30 s later), as Stripe does over days. */
  autoRetry?: boolean;
};

export type DeliveryAttempt = { eventId: string; type: string; status: number; at: string; body: string };

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: "invalid_request_error" | "api_error" | "card_error" | "authentication_error" | "idempotency_error",
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
  }

  /** Forgets everything (customers, subscriptions, events, failures) and resets the clock. */
  reset(): void {
    for (const map of [this.customers, this.products, this.prices, this.checkoutSessions, this.portalSessions, this.subscriptions, this.invoices]) map.clear();
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
    this.charge(sub, inv, previous);
  }

  private retryPayment(sub: Stripe.Subscription, inv: Stripe.Invoice): void {
    this.charge(sub, inv, {});
  }

  /** Attempts to pay `inv` with the customer's card and emits what Stripe emits. */
  private charge(sub: Stripe.Subscription, inv: Stripe.Invoice, previous: Record<string, unknown>): void {
    const now = this.now();
    inv.attempted = true;
    inv.attempt_count += 1;
    if (this.cardOf(String(sub.customer)) === "succeeds") {
      inv.status = "paid";
      inv.amount_paid = inv.amount_due;
      inv.amount_remaining = 0;
      inv.next_payment_attempt = null;
      inv.status_transitions.paid_at = now;
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
  slowness = { remaining: 0, delayMs: 0 };
  savedFailures = { remaining: 0, status: 500 };
  readonly idempotency = new Map<string, { status: number; body: unknown; fingerprint: string; expiresAt: number }>();
  /** Idempotency keys of requests still running (a second one meanwhile gets 409). */
  readonly inFlight = new Set<string>();

  /** The next `count` requests fail before running (nothing saved under their idempotency key). */
  failNext(count: number, status = 500): void {
    this.failures = { remaining: count, status };
  }

  /** The next `count` requests fail while running: the 5xx is saved under their key and replayed for 24 h. */
  failNextSaved(count: number, status = 500): void {
    this.savedFailures = { remaining: count, status };
  }

  slowNext(count: number, delayMs: number): void {
    this.slowness = { remaining: count, delayMs };
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
  }): Stripe.Checkout.Session {
    if (params.mode !== "subscription") {
      throw new StripeApiError(400, "invalid_request_error", "The fake supports mode=subscription only.", "parameter_invalid_empty", "mode");
    }
    if (!params.successUrl) throw new StripeApiError(400, "invalid_request_error", "Missing required param: success_url.", "parameter_missing", "success_url");
    const p = params.priceId ? this.prices.get(params.priceId) : undefined;
    if (!p) throw new StripeApiError(400, "invalid_request_error", `No such price: '${params.priceId ?? ""}'`, "resource_missing", "line_items[0][price]");
    if (params.quantity !== undefined && params.quantity !== "1") {
      throw new StripeApiError(400, "invalid_request_error", "The fake sells a quantity of 1.", "parameter_invalid_integer", "line_items[0][quantity]");
    }
    if (params.customer) this.customer(params.customer);
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
    const sub = build.subscription({ id: subId, customer: customerId, item, created: now, metadata: data.metadata, latestInvoice: null });
    this.subscriptions.set(subId, sub);
    const inv = this.createInvoice(sub, "subscription_create");
    sub.latest_invoice = inv.id;
    inv.status = "paid";
    inv.attempted = true;
    inv.attempt_count = 1;
    inv.amount_paid = inv.amount_due;
    inv.amount_remaining = 0;
    inv.status_transitions.paid_at = now;
    session.status = "complete";
    session.payment_status = "paid";
    session.customer = customerId;
    session.subscription = subId;
    session.invoice = inv.id;
    this.emit("customer.subscription.created", sub);
    this.emit("invoice.paid", inv);
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

  createPortalSession(params: { customer?: string; returnUrl?: string }): Stripe.BillingPortal.Session {
    if (!params.customer) throw new StripeApiError(400, "invalid_request_error", "Missing required param: customer.", "parameter_missing", "customer");
    this.customer(params.customer);
    const id = stripeId("bps");
    const session = build.portalSession({ id, created: this.now(), customer: params.customer, returnUrl: params.returnUrl ?? null, url: `${this.publicUrl()}/portal/${id}` });
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

  listSubscriptions(params: { customer?: string; status?: string }): Stripe.Subscription[] {
    return [...this.subscriptions.values()].filter(
      (sub) =>
        (!params.customer || sub.customer === params.customer) &&
        // Stripe's default list leaves canceled subscriptions out; status=all includes them.
        (params.status === "all" ? true : params.status ? sub.status === params.status : sub.status !== "canceled"),
    );
  }

  updateSubscription(id: string, params: { cancelAtPeriodEnd?: boolean; metadata?: Record<string, string> }): Stripe.Subscription {
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

  /** POSTs one event to the webhook URL, as Stripe does (signed, JSON, 10 s timeout here). */
  async deliver(e: Stripe.Event, attempt = 1): Promise<DeliveryAttempt> {
    const url = this.options.webhookUrl;
    if (!url) return { eventId: e.id, type: e.type, status: 0, at: new Date().toISOString(), body: "no webhook URL set" };
    const { payload, header } = this.signedPayload(e);
    let result: DeliveryAttempt;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": header,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          ...this.options.webhookHeaders,
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      result = { eventId: e.id, type: e.type, status: response.status, at: new Date().toISOString(), body: (await response.text()).slice(0, 500) };
    } catch (error) {
      result = { eventId: e.id, type: e.type, status: 0, at: new Date().toISOString(), body: String(error) };
    }
    this.deliveries.push(result);
    const failed = result.status < 200 || result.status >= 300;
    const backoff = [1_000, 5_000, 30_000][attempt - 1];
    if (failed && this.options.autoRetry && backoff !== undefined) {
      setTimeout(() => void this.deliver(e, attempt + 1), backoff).unref();
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

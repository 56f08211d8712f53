// The event dispatch with a stand-in transaction and a stand-in Stripe; the database behaviour
// (locks, ON CONFLICT, rollbacks) and the real reads are covered against PostgreSQL and the fake
// Stripe in tests/integration/billing/.
import type Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";

import type { StripeReader } from "./sync.server";
import { applyStripeEvent, invoiceSubscriptionId } from "./webhook.server";

type Row = { userId: string; stripeSubscriptionId: string; status: string; lastEventCreatedAt: Date | null };

function tx(inserted: number, options: { user?: string; row?: Row } = {}) {
  return {
    stripeEvent: { createMany: vi.fn().mockResolvedValue({ count: inserted }) },
    subscription: { findUnique: vi.fn().mockResolvedValue(options.row ?? null), upsert: vi.fn(), updateMany: vi.fn().mockResolvedValue({ count: 1 }) },
    user: { findUnique: vi.fn().mockResolvedValue(options.user ? { id: options.user } : null) },
    $queryRaw: vi.fn().mockResolvedValue([]),
  };
}

const subscription = (id: string, status: string, extra: Record<string, unknown> = {}) =>
  ({
    id,
    customer: "cus_1",
    status,
    created: 1_000,
    metadata: {},
    cancel_at_period_end: false,
    cancel_at: null,
    pause_collection: null,
    items: { data: [{ current_period_end: 1_950_000_000, price: { id: "price_1" } }] },
    ...extra,
  }) as unknown as Stripe.Subscription;

function reader(subs: Stripe.Subscription[] = []): StripeReader & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    subscription: vi.fn(async (id: string) => {
      calls.push(`subscription ${id}`);
      const found = subs.find((sub) => sub.id === id);
      if (!found) throw Object.assign(new Error(`No such subscription: '${id}'`), { type: "StripeInvalidRequestError", statusCode: 404 });
      return found;
    }),
    liveSubscriptions: vi.fn(async (customer: string) => {
      calls.push(`live ${customer}`);
      return subs.filter((sub) => ["active", "trialing", "past_due", "unpaid", "paused"].includes(sub.status));
    }),
    charge: vi.fn(async (id: string) => ({ id, customer: "cus_1" }) as unknown as Stripe.Charge),
  };
}

const event = (type: string, object: Record<string, unknown> = {}) =>
  ({ id: "evt_1", type, created: 1_900_000_000, data: { object } }) as unknown as Stripe.Event;

describe("applyStripeEvent", () => {
  it("records the event id with its type and time, and stops at a duplicate", async () => {
    const fresh = tx(1);
    await applyStripeEvent(fresh as never, event("payout.paid"), reader());
    expect(fresh.stripeEvent.createMany).toHaveBeenCalledWith({
      data: [{ id: "evt_1", type: "payout.paid", createdAt: new Date(1_900_000_000_000) }],
      skipDuplicates: true,
    });
    const again = tx(0);
    expect(await applyStripeEvent(again as never, event("invoice.payment_failed"), reader())).toEqual({
      eventId: "evt_1",
      type: "invoice.payment_failed",
      result: "duplicate",
      effect: "none",
      metrics: [],
    });
  });

  it("records unknown types, counts failed payments, and skips subscriptions of unknown customers without asking Stripe", async () => {
    const stripe = reader();
    expect(await applyStripeEvent(tx(1) as never, event("payout.paid"), stripe)).toMatchObject({ result: "processed", effect: "recorded", metrics: [] });
    expect(await applyStripeEvent(tx(1) as never, event("invoice.payment_failed", { customer: "cus_1", parent: null }), stripe)).toMatchObject({ metrics: ["PaymentFailed"] });
    const sub = { id: "sub_1", customer: "cus_unknown", metadata: {} };
    expect(await applyStripeEvent(tx(1) as never, event("customer.subscription.updated", sub), stripe)).toMatchObject({ effect: "no-user" });
    expect(stripe.calls).toEqual([]);
  });

  it("records an event without the fields it reads as unprocessable, before touching any row", async () => {
    const sub = { customer: "cus_1", metadata: {} };
    expect(await applyStripeEvent(tx(1) as never, event("customer.subscription.updated", sub), reader())).toMatchObject({
      result: "unprocessable",
      effect: expect.stringMatching(/^data\.object\.id/),
      metrics: [],
    });
  });

  it("mirrors the subscription Stripe has now, not the payload's", async () => {
    const t = tx(1, { user: "u1" });
    const payload = { id: "sub_1", customer: "cus_1", metadata: { userId: "u1" }, status: "active" };
    const outcome = await applyStripeEvent(t as never, event("customer.subscription.updated", payload), reader([subscription("sub_1", "past_due")]));
    expect(outcome).toMatchObject({ effect: "mirrored:new:past_due" });
    expect(t.subscription.upsert).toHaveBeenCalledWith(expect.objectContaining({ create: expect.objectContaining({ status: "past_due", userId: "u1" }) }));
  });

  it("throws when Stripe cannot be read, so the webhook answers 500 and Stripe retries", async () => {
    const payload = { id: "sub_1", customer: "cus_1", metadata: { userId: "u1" } };
    const down = reader();
    down.subscription = vi.fn().mockRejectedValue(Object.assign(new Error("An error occurred with our connection to Stripe."), { type: "StripeConnectionError" }));
    await expect(applyStripeEvent(tx(1, { user: "u1" }) as never, event("customer.subscription.updated", payload), down)).rejects.toThrow(/connection to Stripe/);
  });

  it("records a subscription Stripe does not have (404) instead of failing for days", async () => {
    const t = tx(1, { user: "u1" });
    const payload = { id: "sub_gone", customer: "cus_1", metadata: { userId: "u1" } };
    expect(await applyStripeEvent(t as never, event("customer.subscription.updated", payload), reader())).toMatchObject({ result: "processed", effect: "missing-at-stripe" });
    expect(t.subscription.upsert).not.toHaveBeenCalled();
  });

  it("when the mirrored subscription ends, mirrors another live one of the customer instead of removing Premium", async () => {
    const row = { userId: "u1", stripeSubscriptionId: "sub_new", status: "active", lastEventCreatedAt: null };
    const t = tx(1, { user: "u1", row });
    const stripe = reader([subscription("sub_new", "canceled"), subscription("sub_old", "active")]);
    const outcome = await applyStripeEvent(t as never, event("customer.subscription.deleted", { id: "sub_new", customer: "cus_1", metadata: { userId: "u1" } }), stripe);
    expect(outcome).toMatchObject({ effect: "mirrored:other-live-subscription:active", metrics: [] });
    expect(t.subscription.upsert).toHaveBeenCalledWith(expect.objectContaining({ update: expect.objectContaining({ stripeSubscriptionId: "sub_old", status: "active" }) }));
  });
});

describe("invoiceSubscriptionId", () => {
  it("reads invoice.parent.subscription_details (API 2025-03-31+), id or expanded object", () => {
    const of = (parent: unknown) => invoiceSubscriptionId({ parent } as Stripe.Invoice);
    expect(of({ subscription_details: { subscription: "sub_1" } })).toBe("sub_1");
    expect(of({ subscription_details: { subscription: { id: "sub_2" } } })).toBe("sub_2");
    expect(of(null)).toBeNull();
  });
});

describe("invoice.paid", () => {
  const paid = { customer: "cus_1", parent: { subscription_details: { subscription: "sub_1", metadata: { userId: "u1" } } }, lines: { data: [] } };

  it("takes the status from Stripe's subscription: paying an old invoice never reactivates an unpaid one", async () => {
    const row = { userId: "u1", stripeSubscriptionId: "sub_1", status: "unpaid", lastEventCreatedAt: null };
    const t = tx(1, { user: "u1", row });
    expect(await applyStripeEvent(t as never, event("invoice.paid", paid), reader([subscription("sub_1", "unpaid")]))).toMatchObject({
      effect: "invoice:mirrored:newer:unpaid",
      metrics: ["PaymentSucceeded"],
    });
  });
});

describe("disputes and refunds", () => {
  it("a dispute suspends Premium on the user's mirror; a won dispute restores it", async () => {
    const t = tx(1, { user: "u1" });
    t.user.findUnique.mockResolvedValue({ id: "u1" });
    const dispute = { id: "dp_1", charge: "ch_1", status: "needs_response" };
    expect(await applyStripeEvent(t as never, event("charge.dispute.created", dispute), reader())).toMatchObject({ effect: "dispute:premium-suspended", metrics: ["PaymentDisputed"] });
    expect(t.subscription.updateMany).toHaveBeenCalledWith({ where: { userId: "u1", disputedAt: null }, data: { disputedAt: new Date(1_900_000_000_000) } });
    expect(await applyStripeEvent(t as never, event("charge.dispute.closed", { ...dispute, status: "won" }), reader())).toMatchObject({ effect: "dispute:won:premium-restored" });
    expect(await applyStripeEvent(t as never, event("charge.dispute.closed", { ...dispute, status: "lost" }), reader())).toMatchObject({ effect: "dispute:closed:lost" });
  });
});

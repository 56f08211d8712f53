// The event dispatch with a stand-in transaction; the database behaviour (locks, ON CONFLICT,
// rollbacks) is covered against PostgreSQL in tests/integration/billing/webhook.test.ts.
import type Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";

import { applyStripeEvent, invoiceSubscriptionId } from "./webhook.server";

function tx(inserted: number) {
  return {
    stripeEvent: { createMany: vi.fn().mockResolvedValue({ count: inserted }) },
    subscription: { findUnique: vi.fn().mockResolvedValue(null) },
    user: { findUnique: vi.fn().mockResolvedValue(null) },
  };
}

const event = (type: string, object: Record<string, unknown> = {}) =>
  ({ id: "evt_1", type, created: 1_900_000_000, data: { object } }) as unknown as Stripe.Event;

describe("applyStripeEvent", () => {
  it("records the event id with its type and time, and stops at a duplicate", async () => {
    const fresh = tx(1);
    await applyStripeEvent(fresh as never, event("payout.paid"));
    expect(fresh.stripeEvent.createMany).toHaveBeenCalledWith({
      data: [{ id: "evt_1", type: "payout.paid", createdAt: new Date(1_900_000_000_000) }],
      skipDuplicates: true,
    });
    const again = tx(0);
    expect(await applyStripeEvent(again as never, event("invoice.payment_failed"))).toEqual({
      eventId: "evt_1",
      type: "invoice.payment_failed",
      result: "duplicate",
      effect: "none",
      metrics: [],
    });
  });

  it("records unknown types, counts failed payments, and skips subscriptions of unknown customers", async () => {
    expect(await applyStripeEvent(tx(1) as never, event("payout.paid"))).toMatchObject({ result: "processed", effect: "recorded", metrics: [] });
    expect(await applyStripeEvent(tx(1) as never, event("invoice.payment_failed"))).toMatchObject({ effect: "payment-failed", metrics: ["PaymentFailed"] });
    const sub = {
      id: "sub_1",
      customer: "cus_unknown",
      status: "active",
      metadata: {},
      cancel_at_period_end: false,
      cancel_at: null,
      items: { data: [{ current_period_end: 1_800_000_000, price: { id: "price_1" } }] },
    };
    expect(await applyStripeEvent(tx(1) as never, event("customer.subscription.updated", sub))).toMatchObject({ effect: "no-user" });
  });

  it("records an event without the fields it reads as unprocessable, before touching any row", async () => {
    const sub = { id: "sub_1", customer: "cus_1", metadata: {}, items: { data: [] } };
    expect(await applyStripeEvent(tx(1) as never, event("customer.subscription.updated", sub))).toMatchObject({
      result: "unprocessable",
      effect: expect.stringMatching(/^data\.object\./),
      metrics: [],
    });
  });

  it("counts a paid invoice even before its subscription is mirrored", async () => {
    const invoice = { parent: { subscription_details: { subscription: "sub_1" } }, lines: { data: [] } };
    expect(await applyStripeEvent(tx(1) as never, event("invoice.paid", invoice))).toMatchObject({ effect: "paid:not-mirrored-yet", metrics: ["PaymentSucceeded"] });
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
  const paid = { parent: { subscription_details: { subscription: "sub_1" } }, lines: { data: [{ subscription: "sub_1", period: { end: 1_950_000_000 } }] } };
  function txWith(status: string) {
    const row = { userId: "u1", stripeSubscriptionId: "sub_1", status, currentPeriodEnd: new Date(1_900_000_000_000), lastEventCreatedAt: null };
    return {
      stripeEvent: { createMany: vi.fn().mockResolvedValue({ count: 1 }) },
      subscription: { findUnique: vi.fn().mockResolvedValue(row), update: vi.fn() },
      user: { findUnique: vi.fn().mockResolvedValue(null) },
      $queryRaw: vi.fn().mockResolvedValue([]),
    };
  }

  it("never reactivates an unpaid or past_due subscription: the status is left to customer.subscription.updated", async () => {
    for (const status of ["unpaid", "past_due", "incomplete"]) {
      const t = txWith(status);
      expect(await applyStripeEvent(t as never, event("invoice.paid", paid))).toMatchObject({ effect: `paid:status-left-to-subscription-event:${status}` });
      expect(t.subscription.update).not.toHaveBeenCalled();
    }
  });

  it("moves an active subscription's period forward, without touching its status", async () => {
    const t = txWith("active");
    expect(await applyStripeEvent(t as never, event("invoice.paid", paid))).toMatchObject({ effect: "paid:period" });
    expect(t.subscription.update).toHaveBeenCalledWith({ where: { userId: "u1" }, data: { currentPeriodEnd: new Date(1_950_000_000_000), lastEventCreatedAt: new Date(1_900_000_000_000) } });
  });
});

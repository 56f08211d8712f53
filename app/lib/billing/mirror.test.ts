import type Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { decide, snapshotOf, type MirrorRow, type MirrorSnapshot } from "./mirror";

const t = (seconds: number) => new Date(seconds * 1000);
const snap = (overrides: Partial<MirrorSnapshot> = {}): MirrorSnapshot => ({
  stripeSubscriptionId: "sub_A",
  status: "active",
  priceId: "price_x",
  currentPeriodEnd: t(2_000),
  cancelAtPeriodEnd: false,
  cancelAt: null,
  collectionPaused: false,
  ...overrides,
});
const row = (overrides: Partial<NonNullable<MirrorRow>> = {}): MirrorRow => ({
  stripeSubscriptionId: "sub_A",
  status: "active",
  lastEventCreatedAt: t(100),
  ...overrides,
});

describe("snapshotOf", () => {
  const sub = (overrides: Partial<Stripe.Subscription> = {}) =>
    ({
      id: "sub_A",
      status: "active",
      cancel_at_period_end: false,
      cancel_at: null,
      items: { data: [{ current_period_end: 1_000, price: { id: "price_x" } }, { current_period_end: 1_500, price: { id: "price_y" } }] },
      ...overrides,
    }) as unknown as Stripe.Subscription;

  it("takes the period end from the subscription items (API 2025-03-31+), the latest one", () => {
    expect(snapshotOf(sub())).toEqual({
      stripeSubscriptionId: "sub_A",
      status: "active",
      priceId: "price_x",
      currentPeriodEnd: t(1_500),
      cancelAtPeriodEnd: false,
      cancelAt: null,
      collectionPaused: false,
    });
  });

  it("reads pause_collection as collection paused, whatever the status", () => {
    expect(snapshotOf(sub({ pause_collection: { behavior: "void", resumes_at: null } }))).toMatchObject({ status: "active", collectionPaused: true });
  });

  it("keeps a scheduled cancel_at apart from cancel_at_period_end", () => {
    expect(snapshotOf(sub({ cancel_at: 9_000 }))).toMatchObject({ cancelAtPeriodEnd: false, cancelAt: t(9_000) });
    expect(snapshotOf(sub({ cancel_at_period_end: true, cancel_at: 1_500 }))).toMatchObject({ cancelAtPeriodEnd: true, cancelAt: t(1_500) });
  });

  it("refuses a subscription without items", () => {
    expect(() => snapshotOf(sub({ items: { data: [] } } as never))).toThrow(/no items/);
  });
});

describe("decide (a state read from Stripe under the user's lock)", () => {
  it("writes the first state and counts a premium start", () => {
    expect(decide(null, snap())).toEqual({ write: true, reason: "new", started: true, canceled: false });
    expect(decide(null, snap({ status: "incomplete" }))).toMatchObject({ write: true, started: false });
  });

  it("applies the state whatever the age of the event that prompted the read", () => {
    expect(decide(row({ lastEventCreatedAt: t(900) }), snap({ status: "past_due" }))).toMatchObject({ write: true, reason: "newer" });
    expect(decide(row({ status: "incomplete" }), snap())).toMatchObject({ write: true, started: true });
  });

  it("treats canceled as final for that subscription, and counts a cancellation once", () => {
    expect(decide(row({ status: "canceled" }), snap({ status: "active" }))).toMatchObject({ write: false, reason: "ended" });
    expect(decide(row(), snap({ status: "canceled" }))).toEqual({ write: true, reason: "newer", started: false, canceled: true });
  });

  it("does not count a recovery from past_due as a new subscription", () => {
    expect(decide(row({ status: "past_due" }), snap())).toMatchObject({ write: true, started: false });
  });

  it("lets another live subscription replace an ended or live one, never another's end", () => {
    expect(decide(row({ status: "canceled" }), snap({ stripeSubscriptionId: "sub_B" }))).toEqual({ write: true, reason: "replaces-ended", started: true, canceled: false });
    expect(decide(row(), snap({ stripeSubscriptionId: "sub_B" }))).toMatchObject({ write: true, reason: "second-subscription", started: false });
    expect(decide(row({ status: "past_due" }), snap({ stripeSubscriptionId: "sub_B" }))).toMatchObject({ write: true, reason: "second-subscription", started: true });
    expect(decide(row(), snap({ stripeSubscriptionId: "sub_B", status: "canceled" }))).toMatchObject({ write: false, reason: "other-subscription-ended" });
    expect(decide(row({ status: "canceled" }), snap({ stripeSubscriptionId: "sub_B", status: "canceled" }))).toMatchObject({ write: false, reason: "other-subscription-ended" });
  });
});

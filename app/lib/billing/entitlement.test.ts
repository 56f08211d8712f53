import { describe, expect, it } from "vitest";

import { entitlement, PAST_DUE_GRACE_MS, type MirrorState } from "./entitlement";

const now = new Date("2030-06-15T12:00:00Z");
const day = 24 * 60 * 60 * 1000;
const state = (overrides: Partial<MirrorState> = {}): MirrorState => ({
  status: "active",
  currentPeriodEnd: new Date(now.getTime() + 10 * day),
  cancelAtPeriodEnd: false,
  statusChangedAt: new Date(now.getTime() - 20 * day),
  ...overrides,
});

describe("entitlement", () => {
  it("is free without a subscription", () => {
    expect(entitlement(null, now)).toEqual({ premium: false, reason: "no-subscription" });
  });

  it.each(["active", "trialing"])("is premium while %s and renewing", (status) => {
    expect(entitlement(state({ status }), now)).toEqual({ premium: true, reason: "active", endsAt: null });
  });

  it("stays premium until the period end when set to cancel, then not", () => {
    const periodEnd = new Date(now.getTime() + day);
    const s = state({ cancelAtPeriodEnd: true, currentPeriodEnd: periodEnd });
    expect(entitlement(s, now)).toEqual({ premium: true, reason: "active", endsAt: periodEnd });
    expect(entitlement(s, periodEnd)).toEqual({ premium: false, reason: "period-ended" });
  });

  it("keeps premium for the grace period after turning past_due", () => {
    const changed = new Date(now.getTime() - day);
    const s = state({ status: "past_due", statusChangedAt: changed });
    expect(entitlement(s, now)).toEqual({
      premium: true,
      reason: "grace",
      endsAt: new Date(changed.getTime() + PAST_DUE_GRACE_MS),
    });
    expect(entitlement(s, new Date(changed.getTime() + PAST_DUE_GRACE_MS - 1)).premium).toBe(true);
    expect(entitlement(s, new Date(changed.getTime() + PAST_DUE_GRACE_MS))).toEqual({
      premium: false,
      reason: "grace-over",
    });
  });

  it("grace is seven days", () => {
    expect(PAST_DUE_GRACE_MS).toBe(7 * day);
  });

  it.each(["canceled", "unpaid", "incomplete", "incomplete_expired", "paused", "something_new"])(
    "is free when %s",
    (status) => {
      expect(entitlement(state({ status }), now)).toEqual({ premium: false, reason: "inactive" });
    },
  );
});

describe("cancel_at", () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const now = new Date("2026-12-05T00:00:00Z");
  const state = { status: "active", currentPeriodEnd: new Date(now.getTime() + 10 * DAY_MS), cancelAtPeriodEnd: false, statusChangedAt: now };

  it("keeps Premium across a renewal before cancel_at, and ends it at cancel_at", () => {
    const cancelAt = new Date(now.getTime() + 70 * DAY_MS);
    expect(entitlement({ ...state, cancelAt }, now)).toEqual({ premium: true, reason: "active", endsAt: cancelAt });
    // Past the period end (the renewal's event not in yet): still Premium until cancel_at.
    expect(entitlement({ ...state, cancelAt }, new Date(now.getTime() + 11 * DAY_MS)).premium).toBe(true);
    expect(entitlement({ ...state, cancelAt }, new Date(now.getTime() + 71 * DAY_MS))).toEqual({ premium: false, reason: "period-ended" });
  });

  it("without cancel_at, cancel_at_period_end still ends at the period end", () => {
    expect(entitlement({ ...state, cancelAtPeriodEnd: true, cancelAt: null }, now)).toEqual({ premium: true, reason: "active", endsAt: state.currentPeriodEnd });
  });
});

describe("paused collection and disputes", () => {
  const now = new Date(1_000_000);
  const base = { status: "active", currentPeriodEnd: new Date(2_000_000), cancelAtPeriodEnd: false, statusChangedAt: new Date(0) };
  it("end Premium while the status stays active", () => {
    expect(entitlement({ ...base, collectionPaused: true }, now)).toEqual({ premium: false, reason: "paused" });
    expect(entitlement({ ...base, disputedAt: new Date(500_000) }, now)).toEqual({ premium: false, reason: "disputed" });
    expect(entitlement({ ...base, collectionPaused: false, disputedAt: null }, now)).toMatchObject({ premium: true });
  });
});

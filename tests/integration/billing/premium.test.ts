// isPremium / getPlan (what the history Lambda gates search and export on), on real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getPlan, isPremium } from "../../../app/lib/billing/plan.server";
import { disconnectPrisma, getPrisma } from "../../../app/lib/db/client.server";
import { createMigratedDatabase, type MigratedDatabase } from "../../support/test-database";

const DAY = 24 * 60 * 60 * 1000;
let db: MigratedDatabase;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  db = await createMigratedDatabase("calcapp_test_premium");
  process.env.DATABASE_URL = db.url;
});
afterAll(async () => {
  await disconnectPrisma();
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  await db?.drop();
});

async function userWith(subscription?: { status: string; periodEndInDays?: number; cancelAtPeriodEnd?: boolean; statusChangedDaysAgo?: number }) {
  const prisma = await getPrisma();
  const now = Date.now();
  const user = await prisma.user.create({ data: { email: `${crypto.randomUUID()}@example.com`, passwordHash: "!" } });
  if (subscription) {
    await prisma.subscription.create({
      data: {
        userId: user.id,
        stripeSubscriptionId: `sub_${crypto.randomUUID()}`,
        status: subscription.status,
        priceId: "price_calcapp_premium_monthly",
        currentPeriodEnd: new Date(now + (subscription.periodEndInDays ?? 20) * DAY),
        cancelAtPeriodEnd: subscription.cancelAtPeriodEnd ?? false,
        statusChangedAt: new Date(now - (subscription.statusChangedDaysAgo ?? 0) * DAY),
      },
    });
  }
  return user.id;
}

describe("isPremium", () => {
  it("reads the mirror: active and trialing are premium, free and canceled are not", async () => {
    expect(await isPremium(await userWith())).toBe(false);
    expect(await isPremium(await userWith({ status: "active" }))).toBe(true);
    expect(await isPremium(await userWith({ status: "trialing" }))).toBe(true);
    expect(await isPremium(await userWith({ status: "canceled" }))).toBe(false);
    expect(await isPremium(await userWith({ status: "incomplete" }))).toBe(false);
    expect(await isPremium("not-a-user")).toBe(false);
  });

  it("keeps premium for 7 days of past_due, and until the end of a canceled period", async () => {
    expect(await isPremium(await userWith({ status: "past_due", statusChangedDaysAgo: 6 }))).toBe(true);
    expect(await isPremium(await userWith({ status: "past_due", statusChangedDaysAgo: 8 }))).toBe(false);
    const canceling = await userWith({ status: "active", cancelAtPeriodEnd: true, periodEndInDays: 2 });
    expect(await isPremium(canceling)).toBe(true);
    expect(await isPremium(canceling, new Date(Date.now() + 3 * DAY))).toBe(false);
  });

  it("getPlan returns the plan and the mirrored subscription", async () => {
    const id = await userWith({ status: "active" });
    const plan = await getPlan(id);
    expect(plan).toMatchObject({ plan: "premium", entitlement: { premium: true, reason: "active" }, subscription: { status: "active", priceId: "price_calcapp_premium_monthly" } });
    expect(await getPlan(await userWith())).toEqual({ plan: "free", entitlement: { premium: false, reason: "no-subscription" }, subscription: null });
  });
});

// Billing against Stripe's real behaviour, through `npm start` and the fake Stripe: one live
// subscription per customer, the mirror re-read from Stripe (webhook and scheduled re-sync),
// disputes, paused collection and refunds, idempotency keys and 409s, the portal's configuration,
// and events rendered in another API version.
import Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";

import { MemoryStore } from "../../../app/lib/store/memory-store";
import { PORTAL_NOT_CONFIGURED_MESSAGE, REQUEST_IN_PROGRESS_MESSAGE, STRIPE_UNAVAILABLE_MESSAGE } from "../../../app/lib/billing/errors";
import type { syncSubscriptions as SyncSubscriptions } from "../../../app/lib/billing/sync-subscriptions.server";
import { mirrorOf, PRICE_ID, SECRET_KEY, startBillingApp, startUpgrade, subscribe } from "./fixtures";

const app = startBillingApp();

const planOn = (html: string) => /data-testid="current-plan">(\w+)</.exec(html)?.[1];

async function pay(checkoutUrl: string): Promise<Response> {
  return fetch(`${checkoutUrl}/pay`, { method: "POST", body: new URLSearchParams({ card: "succeeds" }), redirect: "manual" });
}

/** A second subscription made at Stripe for the same customer, past the app's checks (as a second tab used to). */
async function secondSubscriptionAtStripe(customer: string, userId: string): Promise<Stripe.Subscription> {
  const session = app.stripe.fake.createCheckoutSession({ mode: "subscription", priceId: PRICE_ID, customer, successUrl: "http://app.test/", subscriptionMetadata: { userId } });
  const paid = app.stripe.fake.payCheckout(session.id, "succeeds");
  expect(paid.ok).toBe(true);
  await app.stripe.fake.flush();
  return app.stripe.fake.subscription(app.stripe.fake.checkoutSession(session.id).subscription as string);
}

describe("one live subscription", () => {
  it("expires the Checkout Session open in another tab before opening a new one, so only one can be paid", async () => {
    const { client, id } = await app.newUser("two-tabs");
    const first = await startUpgrade(client);
    const second = await startUpgrade(client);
    expect(app.stripe.fake.checkoutSession(first.split("/").at(-1) as string).status).toBe("expired");
    const late = await pay(first);
    expect(late.status).toBe(402);
    expect(await late.text()).toContain("no longer open");
    expect((await pay(second)).status).toBe(303);
    await app.stripe.fake.flush();
    const [user] = await app.sql<{ stripe_customer_id: string }>("SELECT stripe_customer_id FROM users WHERE id = $1", [id]);
    const subs = app.stripe.fake.listSubscriptions({ customer: user?.stripe_customer_id, status: "all" });
    expect(subs).toHaveLength(1);
    // And with one live at Stripe, Upgrade is refused without opening a session.
    const sessions = app.stripe.fake.checkoutSessions.size;
    const again = await client.post("/billing", { intent: "upgrade" });
    expect(again.status).toBe(409);
    expect(app.stripe.fake.checkoutSessions.size).toBe(sessions);
  });

  it("when the mirrored subscription ends, keeps Premium on another live one instead of removing it", async () => {
    const { client, id } = await app.newUser("two-live");
    const older = await subscribe(app, client);
    const newer = await secondSubscriptionAtStripe(String(older.customer), id);
    expect((await mirrorOf(app, id))?.stripe_subscription_id).toBe(newer.id);
    // The user cancels the newer one; Stripe goes on billing the older.
    app.stripe.fake.cancelSubscription(newer.id);
    await app.stripe.fake.flush();
    expect(await mirrorOf(app, id)).toMatchObject({ stripe_subscription_id: older.id, status: "active" });
    expect(planOn(await (await client.get("/billing")).text())).toBe("Premium");
    // The last one ending does remove it.
    app.stripe.fake.cancelSubscription(older.id);
    await app.stripe.fake.flush();
    expect(await mirrorOf(app, id)).toMatchObject({ stripe_subscription_id: older.id, status: "canceled" });
    expect(planOn(await (await client.get("/billing")).text())).toBe("Free");
  });
});

describe("reconciliation", () => {
  it("ends in Stripe's state when two events of the same second arrive in the wrong order", async () => {
    const { client, id } = await app.newUser("same-second");
    const sub = await subscribe(app, client);
    app.stripe.fake.hold();
    app.stripe.fake.updateSubscription(sub.id, { cancelAtPeriodEnd: true });
    app.stripe.fake.updateSubscription(sub.id, { cancelAtPeriodEnd: false });
    const updates = app.stripe.fake.events.slice(-2);
    expect(updates[0]?.created).toBe(updates[1]?.created);
    await app.stripe.fake.release("reverse");
    expect((await mirrorOf(app, id))?.cancel_at_period_end).toBe(false);
  });

  describe("the sync-subscriptions job", () => {
    const store = new MemoryStore();
    let stripe: Stripe;
    let syncSubscriptions: typeof SyncSubscriptions;
    let SYNC_CURSOR_KEY: string;
    const saved = process.env.DATABASE_URL;
    afterAll(() => {
      process.env.DATABASE_URL = saved;
    });

    it("re-syncs what a disabled endpoint never delivered, resumes after a crash and a deadline, and is idempotent", async () => {
      process.env.DATABASE_URL = app.db.url;
      ({ syncSubscriptions, SYNC_CURSOR_KEY } = await import("../../../app/lib/billing/sync-subscriptions.server"));
      stripe = new Stripe(SECRET_KEY, { host: "127.0.0.1", port: app.stripe.port, protocol: "http", maxNetworkRetries: 0, telemetry: false });
      const a = await app.newUser("sync-a");
      const b = await app.newUser("sync-b");
      const subA = await subscribe(app, a.client);
      const subB = await subscribe(app, b.client);
      // From here on nothing reaches the app (an endpoint Stripe disabled).
      app.stripe.fake.hold();
      try {
        app.stripe.fake.updateSubscription(subA.id, { cancelAtPeriodEnd: true });
        app.stripe.fake.updateSubscription(subB.id, { pauseCollection: { behavior: "void" } });
        expect((await mirrorOf(app, a.id))?.cancel_at_period_end).toBe(false);
        const now = app.stripe.fake.now() + 1;

        // Out of time at once: nothing done, the window kept for the next run.
        const cut = await syncSubscriptions({ stripe, store, now, deadline: Date.now() - 1 });
        expect(cut).toMatchObject({ finished: false, subscriptionsSynced: 0 });
        // Crashes after the first subscription, before its cursor moves.
        let calls = 0;
        await expect(
          syncSubscriptions({
            stripe,
            store,
            now: now + 100,
            afterSubscription: () => {
              calls += 1;
              if (calls === 1) throw new Error("crash");
            },
          }),
        ).rejects.toThrow("crash");
        const cursor = JSON.parse((await store.get(SYNC_CURSOR_KEY)) as string) as { since: number; until: number; after?: string };
        expect(cursor.until).toBe(now); // the same window, resumed
        const done = await syncSubscriptions({ stripe, store, now: now + 200 });
        expect(done).toMatchObject({ finished: true, until: now });
        expect(done.subscriptionsSynced).toBe(done.subscriptionsFound); // the crashed one again, and the rest
        expect(done.subscriptionsFound).toBeGreaterThanOrEqual(2);

        expect(await mirrorOf(app, a.id)).toMatchObject({ status: "active", cancel_at_period_end: true });
        const pageB = await (await b.client.get("/billing")).text();
        expect(planOn(pageB)).toBe("Free");
        expect(pageB).toContain("Payments for your plan are paused");

        // The next run starts where this one ended: a re-run changes nothing.
        const before = [await mirrorOf(app, a.id), await mirrorOf(app, b.id)];
        const next = await syncSubscriptions({ stripe, store, now: now + 300 });
        expect(next).toMatchObject({ finished: true, since: now - 300 });
        expect([await mirrorOf(app, a.id), await mirrorOf(app, b.id)]).toEqual(before);
      } finally {
        await app.stripe.fake.release();
      }
    });
  });
});

describe("disputes, paused collection and refunds", () => {
  it("a dispute ends Premium at once; a won dispute gives it back", async () => {
    const { client, id } = await app.newUser("dispute");
    const sub = await subscribe(app, client);
    const charge = app.stripe.fake.latestChargeOf(sub.id);
    const dispute = app.stripe.fake.disputeCharge(charge.id);
    await app.stripe.fake.flush();
    const page = await (await client.get("/billing")).text();
    expect(planOn(page)).toBe("Free");
    expect(page).toContain("A payment for your plan is disputed");
    expect((await mirrorOf(app, id))?.status).toBe("active"); // Stripe's status is unchanged
    expect(app.server.output()).toMatch(/"PaymentDisputed":1/);
    app.stripe.fake.closeDispute(dispute.id, "won");
    await app.stripe.fake.flush();
    expect(planOn(await (await client.get("/billing")).text())).toBe("Premium");
  });

  it("paused collection ends Premium while the status stays active; resuming gives it back", async () => {
    const { client } = await app.newUser("pause");
    const sub = await subscribe(app, client);
    app.stripe.fake.updateSubscription(sub.id, { pauseCollection: { behavior: "void" } });
    await app.stripe.fake.flush();
    expect(planOn(await (await client.get("/billing")).text())).toBe("Free");
    app.stripe.fake.updateSubscription(sub.id, { pauseCollection: null });
    await app.stripe.fake.flush();
    expect(planOn(await (await client.get("/billing")).text())).toBe("Premium");
  });

  it("records refunds, partial then full, and leaves Premium to the subscription", async () => {
    const { client, id } = await app.newUser("refund");
    const sub = await subscribe(app, client);
    const charge = app.stripe.fake.latestChargeOf(sub.id);
    app.stripe.fake.refundCharge(charge.id, 200);
    await app.stripe.fake.flush();
    const rows = () => app.sql<{ user_id: string; amount_refunded: number; currency: string }>("SELECT user_id, amount_refunded, currency FROM charge_refund WHERE charge_id = $1", [charge.id]);
    expect(await rows()).toEqual([{ user_id: id, amount_refunded: 200, currency: "usd" }]);
    app.stripe.fake.refundCharge(charge.id);
    await app.stripe.fake.flush();
    expect(await rows()).toEqual([{ user_id: id, amount_refunded: 499, currency: "usd" }]);
    expect(app.server.output()).toMatch(/"PaymentRefunded":1/);
    expect(planOn(await (await client.get("/billing")).text())).toBe("Premium");
  });
});

describe("idempotency and the portal", () => {
  it("a 5xx Stripe saved under one press's key does not block the next press", async () => {
    const { client } = await app.newUser("saved-5xx");
    app.stripe.fake.failNextSaved(1, 500, "POST /v1/checkout/sessions");
    const failed = await client.post("/billing", { intent: "upgrade" });
    expect(failed.status).toBe(502);
    expect(await failed.text()).toContain(STRIPE_UNAVAILABLE_MESSAGE.slice(0, 40));
    // The SDK's retry of that press got the saved 500 replayed; a new press has a new key.
    const creates = app.stripe.fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
    expect(creates.length).toBeGreaterThan(0);
    expect((await startUpgrade(client)).startsWith(app.stripe.url)).toBe(true);
  });

  it("says the request is still in progress on Stripe's 409 for a key in use", async () => {
    const { client } = await app.newUser("conflict");
    // The first attempt outlives the client timeout (1.5 s); the SDK's retry with the same key meets it in flight.
    app.stripe.fake.slowNext(1, 2_500, "POST /v1/checkout/sessions");
    const response = await client.post("/billing", { intent: "upgrade" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain(REQUEST_IN_PROGRESS_MESSAGE.slice(0, 40));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // The next press expires the session the slow request made, and opens a new one.
    expect((await startUpgrade(client)).startsWith(app.stripe.url)).toBe(true);
  });

  it("says billing management is not set up when Stripe has no portal configuration", async () => {
    const { client } = await app.newUser("no-portal");
    await subscribe(app, client);
    const saved = new Map(app.stripe.fake.portalConfigurations);
    app.stripe.fake.portalConfigurations.clear();
    try {
      const response = await client.post("/billing", { intent: "manage" });
      expect(response.status).toBe(503);
      expect(await response.text()).toContain(PORTAL_NOT_CONFIGURED_MESSAGE.slice(0, 40));
    } finally {
      for (const [key, value] of saved) app.stripe.fake.portalConfigurations.set(key, value);
    }
  });
});

describe("the endpoint's API version", () => {
  it("processes events rendered in an older version by reading Stripe, and alerts on the mismatch", async () => {
    const { client, id } = await app.newUser("old-version");
    app.stripe.fake.options.webhookApiVersion = "2024-06-20";
    try {
      const sub = await subscribe(app, client);
      const failures = app.stripe.fake.deliveries.filter((d) => d.status !== 200);
      expect(failures).toEqual([]);
      expect(await mirrorOf(app, id)).toMatchObject({ stripe_subscription_id: sub.id, status: "active" });
      const alerts = app.server
        .output()
        .split("\n")
        .filter((line) => line.includes("StripeWebhookApiVersionMismatch") && line.includes("2024-06-20"));
      expect(alerts.length).toBeGreaterThan(0);
      expect(app.server.output()).toMatch(/"StripeApiVersionMismatch":1/);
    } finally {
      app.stripe.fake.options.webhookApiVersion = undefined;
    }
  });
});

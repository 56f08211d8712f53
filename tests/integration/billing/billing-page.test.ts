// /billing through `npm start` against the fake Stripe: Checkout and portal sessions, one customer
// per user, Stripe failures, "Activating…", and renewals and period ends driven by the fake's clock.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { DAY, mirrorOf, PRICE_ID, startUpgrade, subscribe, startBillingApp } from "./fixtures";

const app = startBillingApp();

const planOn = (html: string) => /data-testid="current-plan">(\w+)</.exec(html)?.[1];

describe("/billing", () => {
  it("sends guests to log in and back", async () => {
    const guest = app.server.client();
    for (const response of [await guest.get("/billing"), await guest.post("/billing", { intent: "upgrade" })]) {
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fbilling");
    }
  });

  it("refuses the upgrade to an unconfirmed email address, without calling Stripe", async () => {
    const { client } = await app.newUser("unverified", { verified: false });
    const requests = app.stripe.fake.requests.length;
    const response = await client.post("/billing", { intent: "upgrade" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Confirm your email address before upgrading");
    expect(app.stripe.fake.requests.length).toBe(requests);
  });

  it("shows a free user the Premium price and an Upgrade button, from configuration only", async () => {
    const { client } = await app.newUser("free");
    const requests = app.stripe.fake.requests.length;
    const html = await (await client.get("/billing")).text();
    expect(planOn(html)).toBe("Free");
    expect(html).toContain("Upgrade to Premium · $4.99 / month");
    expect(html).not.toContain("not configured");
    expect(app.stripe.fake.requests.length).toBe(requests); // the page never calls Stripe
  });
});

describe("Upgrade", () => {
  it("creates a subscription Checkout Session for the user's one customer, reused on the next attempt", async () => {
    const { client, id, email } = await app.newUser("checkout");
    const location = await startUpgrade(client);
    expect(location).toMatch(new RegExp(`^${app.stripe.url}/checkout/cs_test_\\w+$`));
    const [user] = await app.sql<{ stripe_customer_id: string }>("SELECT stripe_customer_id FROM users WHERE id = $1", [id]);
    const customer = app.stripe.fake.customer(user?.stripe_customer_id as string);
    expect(customer).toMatchObject({ email, metadata: { userId: id } });

    const sessionId = location.split("/").at(-1) as string;
    const session = app.stripe.fake.checkoutSession(sessionId);
    expect(session).toMatchObject({
      mode: "subscription",
      customer: customer.id,
      client_reference_id: id,
      success_url: `${app.server.url}/billing?checkout=success`,
      cancel_url: `${app.server.url}/billing?checkout=canceled`,
    });
    const create = app.stripe.fake.requests.filter((r) => r.path === "/v1/checkout/sessions").at(-1);
    expect(create?.body).toMatchObject({ line_items: [{ price: PRICE_ID, quantity: "1" }], subscription_data: { metadata: { userId: id } } });

    // Back without paying, then Upgrade again: the same customer.
    await startUpgrade(client);
    const customers = [...app.stripe.fake.customers.values()].filter((c) => c.metadata.userId === id);
    expect(customers).toHaveLength(1);
    expect(await mirrorOf(app, id)).toBeUndefined(); // nothing until the webhook
  });

  it("says 'Activating…' until the webhook lands, then Premium", async () => {
    const { client, id } = await app.newUser("activating");
    const location = await startUpgrade(client);
    app.stripe.fake.hold();
    const pay = await fetch(`${location}/pay`, { method: "POST", body: new URLSearchParams({ card: "succeeds" }), redirect: "manual" });
    expect(pay.status).toBe(303);
    expect(pay.headers.get("location")).toBe(`${app.server.url}/billing?checkout=success`);

    const waiting = await (await client.get("/billing?checkout=success")).text();
    expect(waiting).toContain("Activating…");
    expect(waiting).not.toContain('http-equiv="refresh"'); // no timed reload (WCAG 2.2.1): a Refresh link instead
    expect(waiting).toMatch(/<a [^>]*href="\/billing\?checkout=success"[^>]*>Refresh<\/a>/);
    expect(planOn(waiting)).toBe("Free");

    await app.stripe.fake.release();
    const done = await (await client.get("/billing?checkout=success")).text();
    expect(done).not.toContain("Activating…");
    expect(planOn(done)).toBe("Premium");
    expect(done).toContain("$4.99 / month");
    expect(done).toMatch(/Renews on<\/dt><dd data-testid="period-end">\w+ \d+, \d{4}</);
    expect(done).toContain("Manage billing");
    expect((await mirrorOf(app, id))?.status).toBe("active");
  });

  it("refuses a second subscription while one is live", async () => {
    const { client } = await app.newUser("twice");
    await subscribe(app, client);
    const response = await client.post("/billing", { intent: "upgrade" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("You already have a subscription");
  });

  it("refuses a second checkout while Stripe reports a live subscription the mirror has not seen yet", async () => {
    const { client, id } = await app.newUser("twice-unmirrored");
    const location = await startUpgrade(client);
    app.stripe.fake.hold(); // the webhook has not landed (or the endpoint is disabled)
    const pay = await fetch(`${location}/pay`, { method: "POST", body: new URLSearchParams({ card: "succeeds" }), redirect: "manual" });
    expect(pay.status).toBe(303);
    expect(await mirrorOf(app, id)).toBeUndefined();
    const sessionsBefore = app.stripe.fake.checkoutSessions.size;
    const response = await client.post("/billing", { intent: "upgrade" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("You already have a subscription");
    expect(app.stripe.fake.checkoutSessions.size).toBe(sessionsBefore);
    await app.stripe.fake.release();
  });

  it("uses a fresh idempotency key per attempt, so a 5xx Stripe replays for its key never blocks the next Upgrade", async () => {
    const { client } = await app.newUser("fresh-keys");
    await startUpgrade(client);
    await startUpgrade(client);
    const keys = app.stripe.fake.requests.filter((r) => r.path === "/v1/checkout/sessions" && r.method === "POST");
    expect(keys.length).toBeGreaterThanOrEqual(2);
    const replayed = [...app.stripe.fake.idempotency.keys()].filter((key) => key.includes("calcapp-checkout-"));
    expect(new Set(replayed).size).toBe(replayed.length);
  });

  it("shows a clear error and changes nothing when Stripe answers 500 (after the SDK's one retry)", async () => {
    const { client, id } = await app.newUser("stripe-down");
    const customersBefore = app.stripe.fake.customers.size;
    app.stripe.fake.failNext(2);
    const response = await client.post("/billing", { intent: "upgrade" });
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("We could not reach our payment provider, so nothing was changed");
    expect(app.stripe.fake.customers.size).toBe(customersBefore);
    const [user] = await app.sql<{ stripe_customer_id: string | null }>("SELECT stripe_customer_id FROM users WHERE id = $1", [id]);
    expect(user?.stripe_customer_id).toBeNull();
    // One failure is absorbed by the retry (production SDK setting), with the same idempotency key.
    app.stripe.fake.failNext(1);
    await startUpgrade(client);
  });

  it("shows the same error when Stripe is too slow (client timeout)", async () => {
    const { client } = await app.newUser("stripe-slow");
    app.stripe.fake.slowNext(2, 2_500); // STRIPE_TIMEOUT_MS is 1500 in these tests
    const started = Date.now();
    const response = await client.post("/billing", { intent: "upgrade" });
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("nothing was changed");
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("Manage billing and the subscription's life", () => {
  it("opens the portal; cancel there keeps Premium to the period end, then the clock ends it", async () => {
    const { client, id } = await app.newUser("portal");
    const sub = await subscribe(app, client);
    const periodEnd = sub.items.data[0]?.current_period_end as number;

    const manage = await client.post("/billing", { intent: "manage" });
    expect(manage.status).toBe(303);
    const portal = manage.headers.get("location") as string;
    expect(portal).toMatch(new RegExp(`^${app.stripe.url}/portal/bps_\\w+$`));
    expect(app.stripe.fake.portalSession(portal.split("/").at(-1) as string).return_url).toBe(`${app.server.url}/billing`);

    // "Cancel plan" in the portal.
    const cancel = await fetch(`${portal}/cancel`, { method: "POST", body: new URLSearchParams({ subscription: sub.id }), redirect: "manual" });
    expect(cancel.status).toBe(303);
    expect(await mirrorOf(app, id)).toMatchObject({ status: "active", cancel_at_period_end: true });
    const canceling = await (await client.get("/billing")).text();
    expect(planOn(canceling)).toBe("Premium");
    expect(canceling).toContain("Premium ends on");

    // A renewal of someone else does not touch it; its period end does.
    await app.stripe.fake.advanceClock(periodEnd - DAY);
    expect((await mirrorOf(app, id))?.status).toBe("active");
    await app.stripe.fake.advanceClock(periodEnd + 60);
    expect((await mirrorOf(app, id))?.status).toBe("canceled");
    const after = await (await client.get("/billing")).text();
    expect(planOn(after)).toBe("Free");
    expect(after).toContain("Upgrade to Premium");
  });

  it("renews at the period end: a new invoice is paid and the period moves a month on", async () => {
    const { client, id } = await app.newUser("renew");
    const sub = await subscribe(app, client);
    const periodEnd = sub.items.data[0]?.current_period_end as number;
    const events = await app.stripe.fake.advanceClock(periodEnd + 60);
    const mine = events.filter((e) => (e.data.object as { id: string }).id === sub.id || (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === sub.id);
    expect(mine.map((e) => e.type)).toEqual(["invoice.paid", "customer.subscription.updated"]);
    const row = await mirrorOf(app, id);
    expect(row?.status).toBe("active");
    expect(row?.current_period_end.getTime()).toBeGreaterThan(periodEnd * 1000 + 27 * DAY * 1000);
  });

  it("loses Premium when every retry of a declined renewal fails", async () => {
    const { client, id } = await app.newUser("unpaid");
    const sub = await subscribe(app, client);
    app.stripe.fake.setCard("declines", String(sub.customer));
    await app.stripe.fake.advanceClock((sub.items.data[0]?.current_period_end as number) + 60);
    expect((await mirrorOf(app, id))?.status).toBe("past_due");
    await app.stripe.fake.advanceClock(app.stripe.fake.now() + 10 * DAY);
    expect((await mirrorOf(app, id))?.status).toBe("canceled");
    expect(planOn(await (await client.get("/billing")).text())).toBe("Free");
  });
});

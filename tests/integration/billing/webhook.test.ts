// POST /billing/webhook through `npm start` (API Gateway emulation → billing Lambda → Remix),
// with real PostgreSQL and events from the fake Stripe: signatures, exactly-once processing,
// ordering, failures and retries.
import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import * as build from "../../support/stripe-fake/objects";
import { stripeId } from "../../support/stripe-fake/fake-stripe";
import { DAY, eventsOf, forSubscription, mirrorOf, postWebhook, processedEvents, subscribe, startBillingApp, WEBHOOK_SECRET } from "./fixtures";

const app = startBillingApp();
const signer = new Stripe("sk_test_signer");

/**
 * `sub` canceled at Stripe, and the customer.subscription.deleted event Stripe would send for it,
 * not yet delivered (the handler reads the subscription from Stripe, so Stripe's state must match).
 */
function deletedEvent(sub: Stripe.Subscription, createdOffset = 60): { event: Stripe.Event; payload: string } {
  const atStripe = app.stripe.fake.subscription(sub.id);
  atStripe.status = "canceled";
  atStripe.ended_at = sub.created + createdOffset;
  const ended = structuredClone(atStripe);
  const event = build.event(stripeId("evt"), "customer.subscription.deleted", app.stripe.fake.now() + createdOffset, ended);
  return { event, payload: JSON.stringify(event, null, 2) };
}

const sign = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
  signer.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp });

/** EMF lines the app printed for a metric. */
function metricLines(name: string): Array<Record<string, unknown>> {
  return app.server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((doc) => name in doc);
}

describe("signature verification", () => {
  it("answers 400 to a missing, forged, tampered, wrongly keyed or stale signature, and changes nothing", async () => {
    const { client, id } = await app.newUser("sig");
    const sub = await subscribe(app, client);
    const before = await mirrorOf(app, id);
    expect(before?.status).toBe("active");
    const { event, payload } = deletedEvent(sub);
    const now = Math.floor(Date.now() / 1000);

    const cases: Array<[string, string, string | null]> = [
      ["missing", payload, null],
      ["forged", payload, `t=${now},v1=${"0".repeat(64)}`],
      ["tampered body", payload.replace('"canceled"', '"active"'), sign(payload)],
      ["wrong secret", payload, sign(payload, { secret: "whsec_not_the_right_one" })],
      ["stale timestamp", payload, sign(payload, { timestamp: now - 10 * 60 })],
      ["garbage header", payload, "v1=abc"],
    ];
    for (const [label, body, header] of cases) {
      const response = await postWebhook(app, body, header);
      expect(response.status, label).toBe(400);
      expect(await response.json(), label).toHaveProperty("error");
    }
    expect(await processedEvents(app, event.id)).toEqual([]);
    expect(await mirrorOf(app, id)).toEqual(before);

    // The same bytes, correctly signed, go through.
    const ok = await postWebhook(app, payload, sign(payload));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, result: "processed" });
    expect((await mirrorOf(app, id))?.status).toBe("canceled");
  });

  it("verifies the exact bytes Stripe signed, pretty-printed JSON and non-ASCII included", async () => {
    const customer = build.customer(stripeId("cus"), app.stripe.fake.now(), { name: "Zoë Ünïcødé 🧮" });
    const event = build.event(stripeId("evt"), "customer.updated", app.stripe.fake.now(), customer);
    const payload = JSON.stringify(event, null, 2);
    const response = await postWebhook(app, payload, sign(payload));
    expect(response.status).toBe(200);
    expect(await processedEvents(app, event.id)).toEqual([{ id: event.id, type: "customer.updated" }]);
  });

  it("refuses GET", async () => {
    const response = await app.server.fetch(`/billing/webhook`);
    expect(response.status).toBe(405);
  });
});

describe("exactly once", () => {
  it("records unknown event types and answers 200", async () => {
    // The fake sends customer.created when the app creates a customer; CalcApp does not act on it.
    const { client } = await app.newUser("unknown");
    await subscribe(app, client);
    const created = app.stripe.fake.events.filter((e) => e.type === "customer.created").at(-1) as Stripe.Event;
    expect(app.stripe.fake.deliveries.find((d) => d.eventId === created.id)?.status).toBe(200);
    expect(await processedEvents(app, created.id)).toEqual([{ id: created.id, type: "customer.created" }]);
  });

  it("processes a redelivered event once", async () => {
    const { client, id } = await app.newUser("redeliver");
    const sub = await subscribe(app, client);
    const createdEvent = eventsOf(app, sub.id).find((e) => e.type === "customer.subscription.created") as Stripe.Event;
    const started = metricLines("SubscriptionCreated").length;
    const before = await mirrorOf(app, id);

    const [again] = await app.stripe.fake.redeliver(createdEvent.id);
    expect(again?.status).toBe(200);
    expect(JSON.parse(again?.body ?? "")).toEqual({ received: true, result: "duplicate" });
    expect(await mirrorOf(app, id)).toEqual(before);
    expect(await processedEvents(app, createdEvent.id)).toHaveLength(1);
    expect(metricLines("SubscriptionCreated").length).toBe(started);
  });

  it("processes concurrent duplicate deliveries once", async () => {
    const { client, id } = await app.newUser("concurrent");
    const sub = await subscribe(app, client);
    const { event, payload } = deletedEvent(sub);
    const header = sign(payload);
    const canceledBefore = metricLines("SubscriptionCanceled").length;

    const responses = await Promise.all(Array.from({ length: 8 }, () => postWebhook(app, payload, header)));
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ result: string }>));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(bodies.filter((b) => b.result === "processed")).toHaveLength(1);
    expect(bodies.filter((b) => b.result === "duplicate")).toHaveLength(7);
    expect(await processedEvents(app, event.id)).toHaveLength(1);
    expect((await mirrorOf(app, id))?.status).toBe("canceled");
    expect(metricLines("SubscriptionCanceled").length).toBe(canceledBefore + 1);
  });
});

describe("ordering", () => {
  it("never moves a subscription back: deleted then an older updated", async () => {
    const { client, id } = await app.newUser("order-deleted");
    const sub = await subscribe(app, client);
    app.stripe.fake.hold();
    app.stripe.fake.updateSubscription(sub.id, { cancelAtPeriodEnd: true }); // updated, at t
    await app.stripe.fake.advanceClock(app.stripe.fake.now() + 60);
    app.stripe.fake.cancelSubscription(sub.id); // deleted, at t + 60
    const deliveries = await app.stripe.fake.release("reverse");
    expect(deliveries.map((d) => [d.type, d.status])).toEqual([
      ["customer.subscription.deleted", 200],
      ["customer.subscription.updated", 200],
    ]);
    const row = await mirrorOf(app, id);
    expect(row?.status).toBe("canceled");
    const deleted = eventsOf(app, sub.id).find((e) => e.type === "customer.subscription.deleted") as Stripe.Event;
    expect(row?.last_event_created_at?.getTime()).toBe(deleted.created * 1000);
    // Both were recorded as processed: a redelivery of the stale one is a duplicate, not a retry.
    const updated = eventsOf(app, sub.id).filter((e) => e.type === "customer.subscription.updated").at(-1) as Stripe.Event;
    expect(await processedEvents(app, updated.id)).toHaveLength(1);
  });

  it("keeps the newer of two updates when the older arrives last", async () => {
    const { client, id } = await app.newUser("order-updated");
    const sub = await subscribe(app, client);
    app.stripe.fake.hold();
    await app.stripe.fake.advanceClock(app.stripe.fake.now() + 60);
    app.stripe.fake.updateSubscription(sub.id, { cancelAtPeriodEnd: true });
    await app.stripe.fake.advanceClock(app.stripe.fake.now() + 60);
    app.stripe.fake.updateSubscription(sub.id, { cancelAtPeriodEnd: false });
    await app.stripe.fake.release("reverse");
    const row = await mirrorOf(app, id);
    expect(row?.cancel_at_period_end).toBe(false);
    expect(row?.status).toBe("active");
  });
});

describe("payments", () => {
  it("payment failed, then paid: past_due with premium in grace, then active again", async () => {
    const { client, id } = await app.newUser("dunning");
    const sub = await subscribe(app, client);
    const metricsFor = (name: string) => metricLines(name).filter((doc) => eventsOf(app, sub.id).some((e) => e.id === doc.eventId));
    const periodEnd = sub.items.data[0]?.current_period_end as number;

    app.stripe.fake.setCard("declines", String(sub.customer));
    const renewal = await app.stripe.fake.advanceClock(periodEnd + 60);
    expect(forSubscription(renewal, sub.id).map((e) => e.type)).toEqual(["invoice.payment_failed", "customer.subscription.updated"]);
    const pastDue = await mirrorOf(app, id);
    expect(pastDue?.status).toBe("past_due");
    expect(pastDue?.status_changed_at.getTime()).toBe(periodEnd * 1000);
    expect(metricsFor("PaymentFailed")).toHaveLength(1);
    const page = await (await client.get("/billing")).text();
    expect(page).toContain("Your last payment failed");
    expect(page).toContain('data-testid="current-plan">Premium<'); // grace period

    app.stripe.fake.setCard("succeeds", String(sub.customer));
    const retry = await app.stripe.fake.advanceClock(app.stripe.fake.now() + 3 * DAY + 60);
    expect(forSubscription(retry, sub.id).map((e) => e.type)).toEqual(["invoice.paid", "customer.subscription.updated"]);
    const active = await mirrorOf(app, id);
    expect(active?.status).toBe("active");
    expect(active?.current_period_end.getTime()).toBe(build.addMonth(periodEnd) * 1000);
    expect(metricsFor("PaymentSucceeded")).toHaveLength(2); // the first invoice and the retry
    expect(app.stripe.fake.deliveries.filter((d) => d.status !== 200)).toEqual([]);
  });
});

describe("failures", () => {
  it("answers 500 when the handler fails, changes nothing, and the retry succeeds", async () => {
    const { client, id } = await app.newUser("retry");
    const sub = await subscribe(app, client);
    // The database refuses the mirror write once (as an outage or a deadlock would).
    await app.sql(`CREATE FUNCTION refuse_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
    await app.sql(`CREATE TRIGGER refuse_once BEFORE UPDATE ON subscription FOR EACH ROW EXECUTE FUNCTION refuse_once()`);
    try {
      app.stripe.fake.updateSubscription(sub.id, { cancelAtPeriodEnd: true });
      await app.stripe.fake.flush();
    } finally {
      await app.sql("DROP TRIGGER refuse_once ON subscription");
      await app.sql("DROP FUNCTION refuse_once()");
    }
    const failed = app.stripe.fake.deliveries.at(-1);
    expect(failed?.status).toBe(500);
    expect(await processedEvents(app, failed?.eventId)).toEqual([]); // rolled back with the effect
    expect((await mirrorOf(app, id))?.cancel_at_period_end).toBe(false);
    expect(app.server.output()).toContain("Stripe will retry");

    const [retried] = await app.stripe.fake.redeliver(failed?.eventId as string);
    expect(retried?.status).toBe(200);
    expect((await mirrorOf(app, id))?.cancel_at_period_end).toBe(true);
    expect(await processedEvents(app, failed?.eventId)).toHaveLength(1);
  });

  it("records a signed event that lacks the fields we read, answers 200 so Stripe stops, logs an error and changes nothing", async () => {
    const { client, id } = await app.newUser("shape");
    const sub = await subscribe(app, client);
    const before = await mirrorOf(app, id);
    // Signed and well-formed JSON, but no subscription id: no retry can ever make it work.
    const broken = structuredClone(sub) as unknown as Record<string, unknown>;
    delete broken.id;
    const event = build.event(stripeId("evt"), "customer.subscription.updated", app.stripe.fake.now() + 60, broken as never);
    const payload = JSON.stringify(event);
    const response = await postWebhook(app, payload, sign(payload));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, result: "unprocessable" });
    expect(await processedEvents(app, event.id)).toEqual([{ id: event.id, type: "customer.subscription.updated" }]);
    expect(await mirrorOf(app, id)).toEqual(before);
    const line = app.server
      .output()
      .split("\n")
      .find((text) => text.includes("cannot be processed") && text.includes(event.id));
    expect(JSON.parse(line ?? "{}")).toMatchObject({ level: "ERROR", effect: expect.stringContaining("data.object.id") });
    // A redelivery is a duplicate: nothing more happens.
    const again = await postWebhook(app, payload, sign(payload));
    expect(await again.json()).toEqual({ received: true, result: "duplicate" });
  });

  it("answers 500 while Stripe cannot be read (Stripe retries), and applies the event on the retry", async () => {
    const { client, id } = await app.newUser("read-fails");
    const sub = await subscribe(app, client);
    app.stripe.fake.hold();
    app.stripe.fake.updateSubscription(sub.id, { cancelAtPeriodEnd: true });
    app.stripe.fake.failNext(2); // the read and the SDK's one retry
    const [failed] = await app.stripe.fake.release();
    expect(failed?.status).toBe(500);
    expect(await processedEvents(app, failed?.eventId)).toEqual([]);
    expect((await mirrorOf(app, id))?.cancel_at_period_end).toBe(false);
    const [retried] = await app.stripe.fake.redeliver(failed?.eventId as string);
    expect(retried?.status).toBe(200);
    expect((await mirrorOf(app, id))?.cancel_at_period_end).toBe(true);
  });

});

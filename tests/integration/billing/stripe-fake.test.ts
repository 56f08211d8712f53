// The fake Stripe itself, through the real stripe SDK: what CalcApp relies on behaves like Stripe.
import { createServer, type Server } from "node:http";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { StripeFakeControl } from "../../support/stripe-fake/control";
import { DEFAULT_PRICE_ID } from "../../support/stripe-fake/fake-stripe";
import { startStripeFake, type StripeFakeServer } from "../../support/stripe-fake/server";

const KEY = "sk_test_fake_suite";
const SECRET = "whsec_fake_suite";
let server: StripeFakeServer;
let stripe: Stripe;
let control: StripeFakeControl;
const received: Array<{ event: Stripe.Event; signature: string }> = [];
let receiver: Server;

beforeAll(async () => {
  // A stand-in for the app's webhook endpoint that verifies like the app does.
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const signature = String(request.headers["stripe-signature"]);
      const event = new Stripe(KEY).webhooks.constructEvent(body, signature, SECRET);
      received.push({ event, signature });
      response.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as { port: number }).port;
  server = await startStripeFake({ apiKey: KEY, webhookSecret: SECRET, webhookUrl: `http://127.0.0.1:${port}/hook` });
  stripe = new Stripe(KEY, { host: "127.0.0.1", port: server.port, protocol: "http", maxNetworkRetries: 0, telemetry: false });
  control = new StripeFakeControl(server.url);
});
afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe("the fake Stripe", () => {
  it("refuses a wrong key like Stripe (401, StripeAuthenticationError)", async () => {
    const other = new Stripe("sk_test_wrong", { host: "127.0.0.1", port: server.port, protocol: "http", maxNetworkRetries: 0 });
    await expect(other.customers.create({ email: "a@example.com" })).rejects.toMatchObject({ type: "StripeAuthenticationError", statusCode: 401 });
  });

  it("replays the first answer for a repeated Idempotency-Key", async () => {
    const first = await stripe.customers.create({ email: "same@example.com" }, { idempotencyKey: "k-1" });
    const second = await stripe.customers.create({ email: "same@example.com" }, { idempotencyKey: "k-1" });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
  });

  it("rejects parameters the stripe package's types do not know, with Stripe's 400 shape", async () => {
    const sdkError = await stripe.customers.create({ email: "x@example.com", colour: "blue" } as never).catch((error: unknown) => error);
    expect(sdkError).toMatchObject({ type: "StripeInvalidRequestError", statusCode: 400, code: "parameter_unknown", param: "colour", message: "Received unknown parameter: colour" });
    const nested = await stripe.checkout.sessions
      .create({ mode: "subscription", line_items: [{ price: DEFAULT_PRICE_ID, quantity: 1, colour: "x" }], success_url: "http://app.test/" } as never)
      .catch((error: unknown) => error);
    expect(nested).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "line_items[0][colour]" });
    // Known nested parameters and metadata keys pass.
    await stripe.customers.create({ email: "y@example.com", metadata: { anything: "goes" }, address: { country: "DE" } });
    await control.flush();
    received.length = 0; // the next test counts its own events
  });

  it("replays a saved 5xx under its idempotency key, 409s a concurrent use, 400s other parameters", async () => {
    server.fake.failNextSaved(1);
    await expect(stripe.customers.create({ email: "k@example.com" }, { idempotencyKey: "k-saved" })).rejects.toMatchObject({ statusCode: 500 });
    // The same key a minute later: the same 500, replayed, and nothing created.
    const before = server.fake.customers.size;
    await expect(stripe.customers.create({ email: "k@example.com" }, { idempotencyKey: "k-saved" })).rejects.toMatchObject({ statusCode: 500 });
    expect(server.fake.customers.size).toBe(before);
    // A new key works.
    await stripe.customers.create({ email: "k@example.com" }, { idempotencyKey: "k-fresh" });

    await expect(stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: "k-fresh" })).rejects.toMatchObject({ type: "StripeIdempotencyError", statusCode: 400 });

    server.fake.slowNext(1, 400);
    const results = await Promise.allSettled([
      stripe.customers.create({ email: "c@example.com" }, { idempotencyKey: "k-concurrent" }),
      new Promise((resolve) => setTimeout(resolve, 100)).then(() => stripe.customers.create({ email: "c@example.com" }, { idempotencyKey: "k-concurrent" })),
    ]);
    expect(results[0].status).toBe("fulfilled");
    expect(results[1]).toMatchObject({ status: "rejected", reason: { statusCode: 409, code: "idempotency_key_in_use" } });
    await control.flush();
    received.length = 0; // the next test counts its own events
  });

  it("runs a whole subscription: checkout, signed events in Stripe's shapes, portal, clock", async () => {
    const customer = await stripe.customers.create({ email: "ada@example.com", metadata: { userId: "u1" } });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      client_reference_id: "u1",
      line_items: [{ price: DEFAULT_PRICE_ID, quantity: 1 }],
      subscription_data: { metadata: { userId: "u1" } },
      success_url: "http://app.test/billing?checkout=success&session={CHECKOUT_SESSION_ID}",
      cancel_url: "http://app.test/billing",
    });
    expect(session.url).toBe(`${server.url}/checkout/${session.id}`);
    expect((await fetch(session.url as string)).status).toBe(200);

    const declined = await fetch(`${session.url}/pay`, { method: "POST", body: new URLSearchParams({ card: "declines" }), redirect: "manual" });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined");

    const paid = await fetch(`${session.url}/pay`, { method: "POST", body: new URLSearchParams({ card: "succeeds" }), redirect: "manual" });
    expect(paid.headers.get("location")).toBe(`http://app.test/billing?checkout=success&session=${session.id}`);
    await control.flush();
    const types = received.map((r) => r.event.type);
    // Stripe's order: created while incomplete, the first invoice paid, then active, then Checkout completes.
    expect(types).toEqual(["customer.created", "customer.subscription.created", "invoice.paid", "customer.subscription.updated", "checkout.session.completed"]);

    const subEvent = received.find((r) => r.event.type === "customer.subscription.created")?.event as Stripe.CustomerSubscriptionCreatedEvent;
    const sub = subEvent.data.object;
    expect(sub.status).toBe("incomplete");
    const activated = received.find((r) => r.event.type === "customer.subscription.updated")?.event as Stripe.CustomerSubscriptionUpdatedEvent;
    expect(activated.data.object.status).toBe("active");
    expect(activated.data.previous_attributes).toEqual({ status: "incomplete" });
    expect(sub.metadata).toEqual({ userId: "u1" });
    expect(sub.items.data[0]?.current_period_end).toBeGreaterThan(sub.items.data[0]?.current_period_start as number);
    const invoice = (received.find((r) => r.event.type === "invoice.paid")?.event as Stripe.InvoicePaidEvent).data.object;
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(invoice.amount_paid).toBe(499);

    const retrieved = await stripe.subscriptions.retrieve(sub.id);
    expect(retrieved.status).toBe("active");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("complete");
    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([sub.id]);

    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://app.test/billing" });
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain("Cancel plan");
    expect(page).toContain('href="http://app.test/billing"');

    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const { events } = await control.advanceClock(40 * 24 * 60 * 60);
    expect(events.map((e) => e.type)).toEqual(["customer.subscription.deleted"]);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("canceled");
    await expect(stripe.subscriptions.cancel(sub.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it("fails on demand: 500s, slow answers, and out-of-order delivery", async () => {
    await control.failNext(1);
    await expect(stripe.customers.create({})).rejects.toMatchObject({ type: "StripeAPIError", statusCode: 500 });
    await control.slowNext(1, 300);
    const started = Date.now();
    await stripe.customers.create({});
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    await control.holdDeliveries();
    await stripe.customers.create({ email: "one@example.com" });
    await stripe.customers.create({ email: "two@example.com" });
    received.length = 0;
    await control.releaseDeliveries("reverse");
    expect(received.map((r) => (r.event.data.object as Stripe.Customer).email)).toEqual(["two@example.com", "one@example.com"]);

    const { payload, header } = await control.signedEvent(received[0]?.event.id as string);
    expect(new Stripe(KEY).webhooks.constructEvent(payload, header, SECRET).id).toBe(received[0]?.event.id);
  });

  it("disputes, refunds and pauses like Stripe: the events and objects CalcApp reads", async () => {
    const customer = await stripe.customers.create({ email: "dispute@example.com" });
    const session = await stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id, line_items: [{ price: DEFAULT_PRICE_ID, quantity: 1 }], success_url: "http://app.test/" });
    // Another open session of the customer can be listed and expired; it cannot be paid after.
    const other = await stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id, line_items: [{ price: DEFAULT_PRICE_ID, quantity: 1 }], success_url: "http://app.test/" });
    expect((await stripe.checkout.sessions.list({ customer: customer.id, status: "open" })).data.map((s) => s.id).sort()).toEqual([session.id, other.id].sort());
    expect((await stripe.checkout.sessions.expire(other.id)).status).toBe("expired");
    await expect(stripe.checkout.sessions.expire(other.id)).rejects.toMatchObject({ statusCode: 400 });
    expect((await fetch(`${other.url}/pay`, { method: "POST", body: new URLSearchParams({ card: "succeeds" }), redirect: "manual" })).status).toBe(402);
    await fetch(`${session.url}/pay`, { method: "POST", body: new URLSearchParams({ card: "succeeds" }), redirect: "manual" });
    const sub = (await stripe.subscriptions.list({ customer: customer.id })).data[0] as Stripe.Subscription;

    received.length = 0;
    const dispute = await control.dispute(sub.id);
    const disputed = received.find((r) => r.event.type === "charge.dispute.created")?.event.data.object as Stripe.Dispute;
    expect(disputed).toMatchObject({ id: dispute.id, status: "needs_response" });
    expect((await stripe.charges.retrieve(disputed.charge as string)).customer).toBe(customer.id);
    await control.closeDispute(dispute.id, "won");
    expect(received.find((r) => r.event.type === "charge.dispute.closed")?.event.data.object).toMatchObject({ status: "won" });

    await control.refund(sub.id, 100);
    const refunded = received.find((r) => r.event.type === "charge.refunded")?.event as Stripe.ChargeRefundedEvent;
    expect(refunded.data.object).toMatchObject({ amount_refunded: 100, refunded: false, customer: customer.id });

    const paused = await stripe.subscriptions.update(sub.id, { pause_collection: { behavior: "void" } });
    expect(paused).toMatchObject({ status: "active", pause_collection: { behavior: "void" } });
    expect((await stripe.subscriptions.update(sub.id, { pause_collection: "" })).pause_collection).toBeNull();
    await expect(stripe.subscriptions.update(sub.id, { pause_collection: { behavior: "sometimes" as "void" } })).rejects.toMatchObject({ statusCode: 400 });

    // The event list, newest first, by type and time, page by page.
    const page = await stripe.events.list({ types: ["charge.refunded", "charge.dispute.created"], limit: 1 });
    expect(page.data.map((e) => e.type)).toEqual(["charge.refunded"]);
    expect(page.has_more).toBe(true);
    const next = await stripe.events.list({ types: ["charge.refunded", "charge.dispute.created"], limit: 1, starting_after: page.data[0]?.id });
    expect(next.data.map((e) => e.type)).toEqual(["charge.dispute.created"]);
  });
});

// Checked against Stripe's OpenAPI description (docs/stripe-fake-review.md): what the fake did
// differently before the review, each of which these tests would have caught.
describe("the fake Stripe, as Stripe's OpenAPI description has it", () => {
  it("answers a bad API key with 401 and type invalid_request_error (the error object has no authentication_error type)", async () => {
    const response = await fetch(`${server.url}/v1/customers`, { headers: { authorization: "Bearer sk_test_not_the_key" } });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/^Invalid API Key provided: sk_test_/);
    expect(body.error.message).not.toContain("not_the_key");
  });

  it("pages every list: newest first, limit 1-100 (default 10), starting_after and ending_before", async () => {
    const email = `pages-${Date.now()}@example.com`;
    const made = [];
    for (let i = 0; i < 12; i += 1) made.push(await stripe.customers.create({ email }));
    const newestFirst = made.map((c) => c.id).reverse();
    const first = await stripe.customers.list({ email });
    expect(first).toMatchObject({ object: "list", url: "/v1/customers", has_more: true });
    expect(first.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 10));
    const second = await stripe.customers.list({ email, limit: 5, starting_after: newestFirst[9] });
    expect(second.data.map((c) => c.id)).toEqual(newestFirst.slice(10));
    expect(second.has_more).toBe(false);
    const before = await stripe.customers.list({ email, limit: 2, ending_before: newestFirst[5] });
    expect(before.data.map((c) => c.id)).toEqual(newestFirst.slice(3, 5));
    expect(before.has_more).toBe(true);
    const all = [];
    for await (const customer of stripe.customers.list({ email, limit: 5 })) all.push(customer.id);
    expect(all).toEqual(newestFirst);
    for (const limit of [0, 101]) {
      await expect(stripe.customers.list({ email, limit })).rejects.toMatchObject({ statusCode: 400, param: "limit" });
    }
    await expect(stripe.webhookEndpoints.list({ limit: 0 })).rejects.toMatchObject({ statusCode: 400, param: "limit" });
    await expect(stripe.customers.list({ email, starting_after: "cus_nope" })).rejects.toMatchObject({ statusCode: 400, code: "resource_missing", param: "starting_after" });
  });

  it("refuses enum values Stripe does not have, and takes the ones it does", async () => {
    await expect(stripe.subscriptions.list({ status: "cancelled" as "canceled" })).rejects.toMatchObject({ statusCode: 400, param: "status" });
    await expect(stripe.checkout.sessions.list({ status: "paid" as "open" })).rejects.toMatchObject({ statusCode: 400, param: "status" });
    expect((await stripe.subscriptions.list({ status: "ended", limit: 100 })).data.every((sub) => sub.status === "canceled" || sub.status === "incomplete_expired")).toBe(true);
    const customer = await stripe.customers.create({ email: "enum@example.com" });
    const base = { customer: customer.id, line_items: [{ price: DEFAULT_PRICE_ID, quantity: 1 }], success_url: "http://app.test/" };
    await expect(stripe.checkout.sessions.create({ ...base, mode: "subscriptions" as "subscription" })).rejects.toMatchObject({ statusCode: 400, param: "mode" });
    await expect(stripe.checkout.sessions.create(base)).rejects.toMatchObject({ statusCode: 400, code: "parameter_missing", param: "mode" });
    await expect(stripe.checkout.sessions.create({ ...base, mode: "subscription", customer_update: { address: "sometimes" as "auto" } })).rejects.toMatchObject({ statusCode: 400, param: "customer_update[address]" });
    await expect(stripe.checkout.sessions.create({ ...base, mode: "subscription", customer_update: { address: "never" } })).resolves.toMatchObject({ object: "checkout.session" });
  });

  it("returns objects with the fields Stripe's schemas list, and real ids in references", async () => {
    const customer = await stripe.customers.create({ email: "fields@example.com" });
    expect(customer).toMatchObject({ object: "customer", address: null, phone: null, tax_exempt: "none", preferred_locales: [], delinquent: false, test_clock: null });
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });
    const defaults = await stripe.billingPortal.configurations.list({ is_default: true });
    // The configuration the session used, not a made-up id.
    expect(portal.configuration).toBe(defaults.data[0]?.id);
  });
});

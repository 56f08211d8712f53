// scripts/stripe/setup.ts against the fake Stripe, and the fake's webhook endpoints as Stripe runs
// them: events rendered in each endpoint's API version, signed with its own secret, and an
// endpoint disabled after it keeps failing.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { STRIPE_API_VERSION } from "../../../app/lib/billing/stripe.server";
import { WEBHOOK_EVENTS } from "../../../app/lib/billing/webhook-events";
import { PORTAL_FEATURES, setUpStripe } from "../../../scripts/stripe/setup";
import { DEFAULT_PRICE_ID } from "../../support/stripe-fake/fake-stripe";
import { startStripeFake, type StripeFakeServer } from "../../support/stripe-fake/server";

const KEY = "sk_test_setup";
let fake: StripeFakeServer;
let stripe: Stripe;
let receiver: Server;
let receiverUrl: string;
let answer = 200;
const received: Array<{ body: string; signature: string }> = [];

beforeAll(async () => {
  // An account whose operator never saved the portal settings.
  fake = await startStripeFake({ apiKey: KEY, webhookSecret: "whsec_unused", portalConfigured: false, disableEndpointAfterFailures: 3 });
  stripe = new Stripe(KEY, { host: "127.0.0.1", port: fake.port, protocol: "http", maxNetworkRetries: 0, telemetry: false });
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), signature: String(request.headers["stripe-signature"]) });
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await fake?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe("setUpStripe", () => {
  it("creates the endpoint at the app's API version with the app's events, and the portal's default configuration", async () => {
    const noPortal = await stripe.billingPortal.sessions.create({ customer: (await stripe.customers.create({ email: "a@example.com" })).id }).catch((error: unknown) => error);
    expect(noPortal).toMatchObject({ statusCode: 400, message: expect.stringContaining("default configuration has not been created") });

    const result = await setUpStripe(stripe, { webhookUrl: `${receiverUrl}/billing/webhook`, returnUrl: `${receiverUrl}/billing` });
    expect(result).toMatchObject({ endpoint: { action: "created", apiVersion: STRIPE_API_VERSION }, portal: { action: "created" }, replacedEndpointIds: [] });
    expect(result.webhookSecret).toMatch(/^whsec_/);
    const endpoint = fake.fake.endpoint(result.endpoint.id).endpoint;
    expect(endpoint).toMatchObject({ api_version: STRIPE_API_VERSION, url: `${receiverUrl}/billing/webhook`, status: "enabled" });
    expect([...endpoint.enabled_events].sort()).toEqual([...WEBHOOK_EVENTS].sort());
    const portal = fake.fake.portalConfigurations.get(result.portal.id);
    expect(portal).toMatchObject({ is_default: true, default_return_url: `${receiverUrl}/billing` });
    expect(portal?.features).toMatchObject({ subscription_update: { enabled: false }, subscription_cancel: { enabled: true, mode: "at_period_end" } });
    expect(PORTAL_FEATURES.subscription_update?.enabled).toBe(false);

    // A portal session works now.
    const customer = await stripe.customers.create({ email: "b@example.com" });
    expect((await stripe.billingPortal.sessions.create({ customer: customer.id })).url).toContain("/portal/");

    // A re-run changes nothing and reveals no secret.
    const again = await setUpStripe(stripe, { webhookUrl: `${receiverUrl}/billing/webhook`, returnUrl: `${receiverUrl}/billing` });
    expect(again).toMatchObject({ endpoint: { id: result.endpoint.id, action: "unchanged" }, portal: { id: result.portal.id, action: "updated" } });
    expect(again.webhookSecret).toBeUndefined();

    // Drifted events are put back.
    await stripe.webhookEndpoints.update(result.endpoint.id, { enabled_events: ["invoice.paid"] });
    expect((await setUpStripe(stripe, { webhookUrl: `${receiverUrl}/billing/webhook`, returnUrl: `${receiverUrl}/billing` })).endpoint.action).toBe("updated");
    expect(fake.fake.endpoint(result.endpoint.id).endpoint.enabled_events).toHaveLength(WEBHOOK_EVENTS.length);
    await stripe.webhookEndpoints.del(result.endpoint.id);
  });

  it("replaces an endpoint made at another API version (it cannot be changed in place)", async () => {
    // Made in the dashboard without a version: the account's default, older than the SDK's.
    const old = await stripe.webhookEndpoints.create({ url: `${receiverUrl}/billing/webhook`, enabled_events: ["*"] });
    expect(old.api_version).not.toBe(STRIPE_API_VERSION);
    const result = await setUpStripe(stripe, { webhookUrl: `${receiverUrl}/billing/webhook`, returnUrl: `${receiverUrl}/billing` });
    expect(result).toMatchObject({ endpoint: { action: "replaced", apiVersion: STRIPE_API_VERSION }, replacedEndpointIds: [old.id] });
    expect(result.webhookSecret).toMatch(/^whsec_/);
    expect(fake.fake.endpoints.has(old.id)).toBe(false);
    await stripe.webhookEndpoints.del(result.endpoint.id);
  });
});

describe("the fake's webhook endpoints", () => {
  it("render each event in the endpoint's API version and sign it with the endpoint's secret", async () => {
    const current = await stripe.webhookEndpoints.create({ url: `${receiverUrl}/current`, enabled_events: ["customer.subscription.created"], api_version: STRIPE_API_VERSION });
    const legacy = await stripe.webhookEndpoints.create({ url: `${receiverUrl}/legacy`, enabled_events: ["customer.subscription.created"], api_version: "2024-06-20" });
    received.length = 0;
    const customer = await stripe.customers.create({ email: "c@example.com" });
    const session = await stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id, line_items: [{ price: DEFAULT_PRICE_ID, quantity: 1 }], success_url: "http://app.test/" });
    fake.fake.payCheckout(session.id, "succeeds");
    await fake.fake.flush();
    expect(received).toHaveLength(2);
    const verify = (secret: string) => received.map((r) => { try { return stripe.webhooks.constructEvent(r.body, r.signature, secret); } catch { return null; } }).find(Boolean) as Stripe.Event;
    const now = verify(current.secret as string).data.object as unknown as Record<string, unknown> & { items: { data: Array<Record<string, unknown>> } };
    const old = verify(legacy.secret as string);
    expect(old.api_version).toBe("2024-06-20");
    const oldSub = old.data.object as unknown as Record<string, unknown> & { items: { data: Array<Record<string, unknown>> } };
    expect(now.items.data[0]?.current_period_end).toEqual(expect.any(Number));
    expect(oldSub.current_period_end).toEqual(now.items.data[0]?.current_period_end);
    expect(oldSub.items.data[0]?.current_period_end).toBeUndefined();
    await stripe.webhookEndpoints.del(current.id);
    await stripe.webhookEndpoints.del(legacy.id);
  });

  it("disables an endpoint that keeps failing, and stops sending to it", async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: `${receiverUrl}/failing`, enabled_events: ["customer.created"], api_version: STRIPE_API_VERSION });
    answer = 500;
    try {
      received.length = 0;
      for (let i = 0; i < 4; i++) await stripe.customers.create({ email: `f${i}@example.com` });
      await fake.fake.flush();
      expect(received).toHaveLength(3);
      expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).status).toBe("disabled");
    } finally {
      answer = 200;
    }
  });
});

// Shared by the billing integration tests: per test file, a fake Stripe (in this process, so tests
// can reach into it) and `npm start` (the packaged Lambdas) on a fresh database, wired to each
// other: the app's Stripe SDK calls the fake, the fake POSTs signed events to /billing/webhook.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import type Stripe from "stripe";
import { afterAll, beforeAll, expect } from "vitest";

import { startApp, type AppServer } from "../../support/app-server";
import { Client } from "../../support/http-client";
import { deleteKeysWithPrefix } from "../../support/redis-keys";
import { startStripeFake, type StripeFakeServer } from "../../support/stripe-fake/server";
import { createMigratedDatabase, type MigratedDatabase } from "../../support/test-database";
import { query } from "../db/helpers";
import { signUp, uniqueEmail, uniqueIp } from "../auth/fixtures";

export const PRICE_ID = "price_calcapp_premium_monthly";
export const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString("hex")}`;
export const SECRET_KEY = `sk_test_${randomBytes(24).toString("hex")}`;

export type BillingApp = {
  server: AppServer;
  stripe: StripeFakeServer;
  db: MigratedDatabase;
  sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** A new user, signed up and signed in (its own client address, so rate limits never collide). */
  /** A signed-in user whose email is confirmed (Premium needs it), unless `verified` is false. */
  newUser(label?: string, options?: { verified?: boolean }): Promise<{ client: Client; email: string; id: string }>;
};

export function startBillingApp(env: Record<string, string> = {}): BillingApp {
  const app = {} as BillingApp;
  beforeAll(async () => {
    app.stripe = await startStripeFake({ apiKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, priceId: PRICE_ID });
    app.db = await createMigratedDatabase("calcapp_test_billing");
    app.server = await startApp({
      databaseUrl: app.db.url,
      env: {
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_PRICE_ID: PRICE_ID,
        STRIPE_API_BASE: app.stripe.url,
        STRIPE_TIMEOUT_MS: "1500",
        APP_ENV: "test",
        LOG_LEVEL: "info",
        ...env,
      },
    });
    app.stripe.fake.options.webhookUrl = `${app.server.url}/billing/webhook`;
    app.stripe.fake.options.webhookHeaders = { "x-origin-verify": app.server.originSecret };
    app.sql = (text, values = []) => query(app.db.url, text, values);
    app.newUser = async (label = "billing", { verified = true } = {}) => {
      const client = new Client(app.server.url, { ip: uniqueIp(), secret: app.server.originSecret });
      const email = uniqueEmail(label);
      await signUp(client, email);
      const [row] = await app.sql<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
      // The confirmation link itself is tested in tests/integration/auth/signup-verification.test.ts.
      if (verified) await app.sql("UPDATE users SET email_verified_at = now() WHERE email = $1", [email]);
      return { client, email, id: (row as { id: string }).id };
    };
  });
  afterAll(async () => {
    await app.server?.stop();
    await app.stripe?.close();
    if (app.server?.redisUrl) await deleteKeysWithPrefix(app.server.redisUrl, app.server.keyPrefix).catch(() => 0);
    await app.db?.drop();
  });
  return app;
}

export type MirrorRow = {
  stripe_subscription_id: string | null;
  status: string;
  price_id: string;
  current_period_end: Date;
  cancel_at_period_end: boolean;
  status_changed_at: Date;
  last_event_created_at: Date | null;
};

export async function mirrorOf(app: BillingApp, userId: string): Promise<MirrorRow | undefined> {
  const [row] = await app.sql<MirrorRow>(
    "SELECT stripe_subscription_id, status, price_id, current_period_end, cancel_at_period_end, status_changed_at, last_event_created_at FROM subscription WHERE user_id = $1",
    [userId],
  );
  return row;
}

export async function processedEvents(app: BillingApp, id?: string): Promise<Array<{ id: string; type: string }>> {
  return id
    ? app.sql("SELECT id, type FROM stripe_event WHERE id = $1", [id])
    : app.sql("SELECT id, type FROM stripe_event ORDER BY processed_at");
}

/** POSTs a webhook to the app as Stripe would: these exact bytes, this signature header. */
export function postWebhook(app: BillingApp, payload: string, header?: string | null, extraHeaders: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.server.url}/billing/webhook`, {
    method: "POST",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-origin-verify": app.server.originSecret,
      ...(header ? { "stripe-signature": header } : {}),
      ...extraHeaders,
    },
    body: payload,
  });
}

/** Presses "Upgrade" as the signed-in client; returns the checkout page URL the app redirects to. */
export async function startUpgrade(client: Client): Promise<string> {
  const response = await client.post("/billing", { intent: "upgrade" });
  expect(response.status, await response.clone().text()).toBe(303);
  return response.headers.get("location") as string;
}

/** Upgrades a user all the way: checkout, pay, and wait until the events were delivered. */
export async function subscribe(app: BillingApp, client: Client): Promise<Stripe.Subscription> {
  const checkoutUrl = await startUpgrade(client);
  const sessionId = new URL(checkoutUrl).pathname.split("/").at(-1) as string;
  const paid = await fetch(`${app.stripe.url}/checkout/${sessionId}/pay`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "card=succeeds",
    redirect: "manual",
  });
  expect(paid.status).toBe(303);
  await app.stripe.fake.flush();
  const session = app.stripe.fake.checkoutSession(sessionId);
  return app.stripe.fake.subscription(session.subscription as string);
}

/** The events the fake emitted for a subscription, oldest first. */
export function eventsOf(app: BillingApp, subscriptionId: string): Stripe.Event[] {
  return forSubscription(app.stripe.fake.events, subscriptionId);
}

/** Those of `events` about one subscription (the fake's clock is shared by every test's users). */
export function forSubscription(events: Stripe.Event[], subscriptionId: string): Stripe.Event[] {
  return events.filter((e) => {
    const object = e.data.object as { id?: string; subscription?: string | null; parent?: { subscription_details?: { subscription?: string } | null } | null };
    return object.id === subscriptionId || object.subscription === subscriptionId || object.parent?.subscription_details?.subscription === subscriptionId;
  });
}

export const DAY = 24 * 60 * 60;

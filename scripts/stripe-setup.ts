// `npx tsx scripts/stripe-setup.ts --app-url https://app.example.com [--secret-out FILE]`:
// creates or updates the Stripe webhook endpoint (pinned to the app's API version and event
// list) and the Customer Portal configuration (scripts/stripe/setup.ts). Run by the deploy
// workflow after the new code is live, and by `npm run dev:stripe` against the fake.
//
// The key comes from STRIPE_SECRET_KEY, or STRIPE_SECRET_JSON (the app's Secrets Manager secret,
// {secret_key, webhook_secret}); STRIPE_API_BASE points it at the local fake. When a new endpoint
// is created its signing secret is written, with the key, as that JSON to --secret-out (mode
// 0600) for the workflow to store; it is never printed.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import Stripe from "stripe";

import { STRIPE_API_VERSION } from "../app/lib/billing/stripe.server";
import { setUpStripe } from "./stripe/setup";

const { values } = parseArgs({ options: { "app-url": { type: "string" }, "secret-out": { type: "string" } } });
const appUrl = values["app-url"]?.replace(/\/$/, "");
if (!appUrl || !/^https?:\/\//.test(appUrl)) {
  console.error("Usage: tsx scripts/stripe-setup.ts --app-url https://app.example.com [--secret-out FILE]");
  process.exit(2);
}
const json = process.env.STRIPE_SECRET_JSON ? (JSON.parse(process.env.STRIPE_SECRET_JSON) as { secret_key?: string; webhook_secret?: string }) : {};
const key = process.env.STRIPE_SECRET_KEY ?? json.secret_key;
if (!key) {
  console.error("STRIPE_SECRET_KEY (or STRIPE_SECRET_JSON with secret_key) is required");
  process.exit(2);
}
const base = process.env.STRIPE_API_BASE ? new URL(process.env.STRIPE_API_BASE) : undefined;
if (base && !["127.0.0.1", "localhost"].includes(base.hostname)) {
  console.error("STRIPE_API_BASE must be a loopback URL (the local fake Stripe)");
  process.exit(2);
}
const stripe = new Stripe(key, {
  apiVersion: STRIPE_API_VERSION,
  maxNetworkRetries: 2,
  telemetry: false,
  ...(base ? { host: base.hostname, port: Number(base.port), protocol: base.protocol === "https:" ? "https" : "http" } : {}),
});

const result = await setUpStripe(stripe, { webhookUrl: `${appUrl}/billing/webhook`, returnUrl: `${appUrl}/billing` });
const { webhookSecret, ...shown } = result;
console.log(JSON.stringify(shown));
if (webhookSecret) {
  if (!values["secret-out"]) {
    console.error("A new webhook endpoint was created: pass --secret-out to receive its signing secret (it cannot be read again)");
    process.exit(1);
  }
  writeFileSync(values["secret-out"], JSON.stringify({ ...json, secret_key: key, webhook_secret: webhookSecret }), { mode: 0o600 });
}

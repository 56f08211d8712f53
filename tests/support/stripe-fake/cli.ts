// Runs the fake Stripe on its own: `tsx tests/support/stripe-fake/cli.ts` (used by
// `npm run dev:stripe` and the end-to-end tests). Configuration from the environment:
//   STRIPE_FAKE_PORT (12111), STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_ID,
//   STRIPE_FAKE_WEBHOOK_URL (the app's /billing/webhook), STRIPE_FAKE_WEBHOOK_DELAY_MS (0),
//   STRIPE_FAKE_AUTO_RETRY ("true" unless "false").
import { startStripeFake } from "./server";

const env = process.env;
const fake = await startStripeFake({
  port: Number(env.STRIPE_FAKE_PORT ?? 12111),
  apiKey: env.STRIPE_SECRET_KEY,
  webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "whsec_calcapp_local_fake",
  priceId: env.STRIPE_PRICE_ID,
  webhookUrl: env.STRIPE_FAKE_WEBHOOK_URL,
  webhookDelayMs: Number(env.STRIPE_FAKE_WEBHOOK_DELAY_MS ?? 0),
  autoRetry: env.STRIPE_FAKE_AUTO_RETRY !== "false",
});
console.log(`Fake Stripe on ${fake.url} (webhooks to ${fake.fake.options.webhookUrl ?? "nowhere yet"})`);
const stop = () => void fake.close().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

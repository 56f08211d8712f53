// `npm run dev:stripe`: the app in development mode with billing switched on against the local
// fake Stripe (tests/support/stripe-fake), so anyone can click through an upgrade offline:
// http://localhost:3000/billing → Upgrade → the fake's checkout page → Pay → back, "Activating…",
// then Premium; "Manage billing" opens the fake's portal.
//
// Why not arc sandbox: sandbox hands its Lambdas only what .env holds, and billing needs four
// variables that must not be written into anyone's .env. So this builds the same development
// handlers `npm run dev` builds and serves them warm in this process, with the local API Gateway
// emulation `npm start` uses (each request still goes to its own app.arc Lambda). They see what
// sandboxed Lambdas see (.env, ARC_SANDBOX: the dev store for sessions, the embedded database, as
// started by scripts/dev-services.ts) plus the Stripe settings below. It builds once: re-run it
// after changes (or use `npm run dev` for the edit loop). Like `npm run dev` it generates the
// Prisma client first and owns what it starts: Ctrl-C or SIGTERM closes the server, the fake, the
// dev store and the embedded database, awaits them, then exits.
import { join } from "node:path";
import Stripe from "stripe";

import { repoRoot } from "../arc/app-map";
import { createLambdaServer } from "../arc/local/lambda-server";
import { DEFAULT_PRICE_ID } from "../tests/support/stripe-fake/fake-stripe";
import { startStripeFake } from "../tests/support/stripe-fake/server";
import { generatePrismaClient, readDotEnv, run, startDevServices, stopRunning } from "./dev-services";
import { bundleDevHandlers } from "../arc/tooling/lambda-bundle";
import { STRIPE_API_VERSION } from "../app/lib/billing/stripe.server";
import { setUpStripe } from "./stripe/setup";

const port = Number(process.env.PORT ?? 3000);
const fakePort = Number(process.env.STRIPE_FAKE_PORT ?? 12111);
const appUrl = `http://localhost:${port}`;
// Test-mode-looking values that only the fake accepts; STRIPE_API_BASE refuses live keys.
const stripeEnv = {
  STRIPE_SECRET_KEY: "sk_test_calcapp_local_fake",
  STRIPE_WEBHOOK_SECRET: "whsec_calcapp_local_fake",
  STRIPE_PRICE_ID: DEFAULT_PRICE_ID,
  STRIPE_API_BASE: `http://127.0.0.1:${fakePort}`,
};

let stopping = false;
const closers: (() => Promise<unknown>)[] = [];
async function shutdown(code = 0): Promise<void> {
  if (stopping) return; // the same Ctrl-C arrives more than once (terminal, npm, tsx)
  stopping = true;
  setTimeout(() => process.exit(1), 20_000); // also keeps this process alive until the exit below
  await stopRunning();
  // Newest first: the app server, then the fake, then the store and the database.
  for (const close of closers.reverse()) await close().catch(() => {});
  process.exit(code);
}
for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(name, () => void shutdown());

const generated = generatePrismaClient();
generated.catch(() => {});
const services = await startDevServices((message) => console.log(`[dev:stripe] ${message}`));
closers.push(() => services.close());

const fake = await startStripeFake({
  port: fakePort,
  apiKey: stripeEnv.STRIPE_SECRET_KEY,
  webhookSecret: stripeEnv.STRIPE_WEBHOOK_SECRET,
  priceId: stripeEnv.STRIPE_PRICE_ID,
  // Long enough to see "Activating…" after paying; Stripe's own delay is usually under a second.
  webhookDelayMs: Number(process.env.STRIPE_FAKE_WEBHOOK_DELAY_MS ?? 1500),
  autoRetry: true,
  // Like a new Stripe account: no portal configuration and no endpoint until the set-up script runs.
  portalConfigured: false,
});
closers.push(() => fake.close());

// The deploy workflow's set-up, against the fake: the webhook endpoint (the app's API version and
// events) and the portal configuration. The app verifies events with the endpoint's new secret.
const setup = await setUpStripe(
  new Stripe(stripeEnv.STRIPE_SECRET_KEY, { host: "127.0.0.1", port: fakePort, protocol: "http", apiVersion: STRIPE_API_VERSION, telemetry: false }),
  { webhookUrl: `${appUrl}/billing/webhook`, returnUrl: `${appUrl}/billing` },
);
stripeEnv.STRIPE_WEBHOOK_SECRET = setup.webhookSecret ?? stripeEnv.STRIPE_WEBHOOK_SECRET;

await generated;
await run(join(repoRoot, "node_modules", ".bin", "remix"), ["vite:build"]);
await bundleDevHandlers();

// Read by the handlers when createLambdaServer imports them (their cold start).
// One process serves every Lambda here, so they share the dev store as sandbox's processes do.
// ARC_SANDBOX has the shape sandbox gives it (@architect/functions checks its version).
Object.assign(process.env, {
  ...readDotEnv(),
  ARC_ENV: "testing",
  ARC_SANDBOX: JSON.stringify({ cwd: repoRoot, ports: { http: port }, version: "9.0.0" }),
  ...stripeEnv,
});
const server = await createLambdaServer({ packagesDir: join(repoRoot, "arc", "http") });
closers.push(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
server.listen(port, "127.0.0.1", () => {
  console.log(`[dev:stripe] CalcApp on ${appUrl} (billing against the fake Stripe)`);
  console.log(`[dev:stripe] fake Stripe on ${fake.url}: webhooks to ${appUrl}/billing/webhook; control API ${fake.url}/_fake/state`);
  console.log(`[dev:stripe] advance its clock a month: curl -XPOST ${fake.url}/_fake/clock/advance -d '{"seconds":2678400}'`);
});

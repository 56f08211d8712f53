import { expect, test, type Page } from "@playwright/test";

import { startApp, type AppServer } from "../support/app-server";
import { expectUxGate } from "../support/axe";
import { startStripeFake, type StripeFakeServer } from "../support/stripe-fake/server";
import { createMigratedDatabase, type MigratedDatabase } from "../support/test-database";

// Billing in the browser: `npm start` (the packaged Lambdas) with billing pointed at the fake
// Stripe, both started here (Playwright's shared server has no Stripe configuration). A free user
// upgrades through the fake Checkout, gets the premium history features, cancels in the portal
// and loses them when the fake's clock passes the period end.
const PRICE_ID = "price_calcapp_premium_monthly";
const SECRET_KEY = "sk_test_calcapp_e2e";
const WEBHOOK_SECRET = "whsec_calcapp_e2e";
const password = "correct horse battery staple";

let stripe: StripeFakeServer;
let db: MigratedDatabase;
let app: AppServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  // Slow enough webhooks that "Activating…" is on screen for a moment, as with real Stripe.
  stripe = await startStripeFake({ apiKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, priceId: PRICE_ID, webhookDelayMs: 1_000 });
  db = await createMigratedDatabase("calcapp_e2e_billing");
  app = await startApp({
    databaseUrl: db.url,
    env: {
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_PRICE_ID: PRICE_ID,
      STRIPE_API_BASE: stripe.url,
      APP_ENV: "test",
    },
    // Browsers reach it through the CloudFront stand-in; under the "cloudfront" project that is
    // the point, and otherwise too, since the origin refuses requests without the origin secret.
    cloudfront: true,
  });
  // Stripe posts to the public URL, i.e. through CloudFront as well.
  stripe.fake.options.webhookUrl = `${app.url}/billing/webhook`;
});

test.afterAll(async () => {
  await app?.stop();
  await stripe?.close();
  await db?.drop();
});

/** Page errors and console errors (CSP violations, hydration errors) fail the test. */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // The fake Checkout answers a declined card with 402 on purpose; the browser logs that.
    const declined = page.url().startsWith(stripe.url) && /status of 402/.test(message.text());
    if (message.type() === "error" && !declined) errors.push(`${page.url()}: ${message.text()}`);
  });
  return errors;
}

/** Signs up, logs in, and confirms the address with the mailed link (Premium needs it). */
async function signUp(page: Page, label: string): Promise<string> {
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await page.goto(`${app.url}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox");
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(`${app.url}/`);
  const mail = (await (await fetch(`${app.mailUrl}/_fake/messages?${new URLSearchParams({ to: email })}`)).json()) as Array<{ text: string }>;
  const link = mail[0]?.text.match(/https?:\/\/\S+\/verify-email\?\S+/)?.[0];
  expect(link).toBeTruthy();
  await page.goto(`${app.url}${new URL(link as string).pathname}${new URL(link as string).search}`);
  await expect(page.getByTestId("email-status")).toContainText("is confirmed");
  await page.goto(`${app.url}/`);
  return email;
}

const searchBox = (page: Page) => page.getByRole("searchbox", { name: "Search expression or result" });
const exportLink = (page: Page) => page.getByRole("link", { name: "Export CSV" });

test("a free user upgrades, gets premium history, cancels in the portal and loses it at period end", async ({ page }) => {
  // axe-core runs in both themes at both sizes on each billing state.
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await signUp(page, "upgrade");

  // A result in the history to search for and export (saved in the background).
  const saved = page.waitForResponse((response) => response.url().endsWith("/history/save") && response.request().method() === "POST");
  await page.getByLabel("Type an expression").fill("1234 + 1");
  await page.getByLabel("Type an expression").press("Enter");
  await expect(page.getByTestId("display")).toHaveText(/^1,?235$/);
  expect((await saved).status()).toBe(201);

  await page.goto(`${app.url}/history`);
  await expect(page.getByRole("heading", { name: "Your history" })).toBeVisible();
  await expect(page.getByText("1234 + 1")).toBeVisible();
  await expect(searchBox(page)).toHaveCount(0);
  await expect(exportLink(page)).toHaveCount(0);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing" }).click();
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  await expectUxGate(page, "billing free");
  await page.getByRole("button", { name: "Upgrade to Premium · $4.99 / month" }).click();

  // The fake's hosted Checkout.
  await expect(page).toHaveURL(new RegExp(`^${stripe.url}/checkout/cs_test_`));
  await expect(page.getByText("4.99 USD per month")).toBeVisible();
  await page.getByRole("button", { name: "Pay with a declined card" }).click();
  await expect(page.getByRole("alert")).toHaveText(/Your card was declined/);
  // Stripe's events wait (as when its webhooks are slow) while the "Activating…" state is checked.
  stripe.fake.hold();
  await page.getByRole("button", { name: "Pay", exact: true }).click();

  // Back on /billing before the webhook: "Activating…", then Premium without a reload.
  await expect(page).toHaveURL(`${app.url}/billing?checkout=success`);
  await expect(page.getByText(/Activating…/)).toBeVisible();
  await expectUxGate(page, "billing activating");
  await expect(page.getByText(/Activating…/)).toBeVisible();
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  const delivered = stripe.fake.release();
  await expect(page.getByTestId("current-plan")).toHaveText("Premium", { timeout: 10_000 });
  expect(new Set((await delivered).map((attempt) => attempt.status))).toEqual(new Set([200]));
  await expect(page.getByText(/Activating…/)).toHaveCount(0);
  await expect(page.getByText("Renews on")).toBeVisible();
  await expectUxGate(page, "billing premium");

  // Premium history: search and export unlock.
  await page.goto(`${app.url}/history`);
  await expect(searchBox(page)).toBeVisible();
  await searchBox(page).fill("1235");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=1235/);
  await expect(page.getByText("1234 + 1")).toBeVisible();
  await expect(exportLink(page)).toBeVisible();
  await expectUxGate(page, "history premium");
  const csv = await page.request.get(`${app.url}/history/export.csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("1234 + 1");

  // Cancel in the portal: Premium stays until the period end.
  await page.goto(`${app.url}/billing`);
  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page).toHaveURL(new RegExp(`^${stripe.url}/portal/bps_`));
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page.getByTestId("subscription-state")).toHaveText(/^Cancels on /);
  await page.getByRole("link", { name: "Return to CalcApp" }).click();
  await expect(page).toHaveURL(`${app.url}/billing`);
  await expect(page.getByTestId("current-plan")).toHaveText("Premium");
  await expect(page.getByText("Premium ends on")).toBeVisible();
  await expectUxGate(page, "billing canceled");

  // The period ends (the fake's clock moves 32 days): customer.subscription.deleted, premium gone.
  const ended = await stripe.fake.advanceClock(stripe.fake.now() + 32 * 24 * 60 * 60);
  expect(ended.map((e) => e.type)).toContain("customer.subscription.deleted");
  await page.reload();
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  await expect(page.getByRole("button", { name: /Upgrade to Premium/ })).toBeVisible();
  await page.goto(`${app.url}/history`);
  await expect(page.getByText("1234 + 1")).toBeVisible();
  await expect(searchBox(page)).toHaveCount(0);
  await expect(exportLink(page)).toHaveCount(0);
  expect((await page.request.get(`${app.url}/history/export.csv`)).status()).toBe(403);

  expect(errors).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Upgrade, pay and 'Activating…' work with plain forms; the page never reloads itself on a timer", async ({ page }) => {
    await signUp(page, "nojs");
    // A plain form POST that redirects to another origin is subject to the page's CSP form-action.
    const csp = (await page.request.get(`${app.url}/billing`)).headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/form-action 'self' [^;]*http:\/\/127\.0\.0\.1:/);
    await page.goto(`${app.url}/billing`);
    await page.getByRole("button", { name: /Upgrade to Premium/ }).click();
    await expect(page).toHaveURL(new RegExp(`^${stripe.url}/checkout/cs_test_`));
    await page.getByRole("button", { name: "Pay", exact: true }).click();
    await expect(page).toHaveURL(`${app.url}/billing?checkout=success`);
    // No meta refresh (WCAG 2.2.1): the person asks for the news with the Refresh link.
    await expect(page.locator('meta[http-equiv="refresh" i]')).toHaveCount(0);
    await expect(async () => {
      if ((await page.getByTestId("current-plan").textContent()) !== "Premium") {
        await page.getByRole("link", { name: "Refresh" }).click();
      }
      await expect(page.getByTestId("current-plan")).toHaveText("Premium", { timeout: 500 });
    }).toPass({ timeout: 15_000 });
  });
});

test("a guest is sent to log in first", async ({ page }) => {
  await page.goto(`${app.url}/billing`);
  await expect(page).toHaveURL(`${app.url}/login?redirectTo=%2Fbilling`);
});

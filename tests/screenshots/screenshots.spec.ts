import { mkdirSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { walkAccountStates } from "../e2e/account-states";
import { signUpAndLogIn } from "../e2e/mail";
import { startApp } from "../support/app-server";
import { startStripeFake } from "../support/stripe-fake/server";
import { createMigratedDatabase } from "../support/test-database";

// Every page and state, at 390×844 and 1280×800, light and dark: screenshots/<theme>-<size>/<name>.png.
const OUT = process.env.SCREENSHOTS_DIR ?? "screenshots";
const SIZES = [
  ["phone", { width: 390, height: 844 }],
  ["desktop", { width: 1280, height: 800 }],
] as const;
const THEMES = ["light", "dark"] as const;

type Shot = (page: Page, name: string) => Promise<void>;

/** A file name for a state such as "/verify-email valid → /account?verified=1". */
const slug = (state: string) =>
  state
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** The page as it is now, in every theme and size (for states that cannot be reached twice). */
async function shootEverywhere(page: Page, name: string): Promise<void> {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const [sizeName, size] of SIZES) {
      const dir = `${OUT}/${theme}-${sizeName}`;
      mkdirSync(dir, { recursive: true });
      await page.setViewportSize(size);
      await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: null });
}

/**
 * Billing's "Activating…" (back from Checkout, Stripe's events not delivered yet) and Premium:
 * `npm start` with billing against the fake Stripe, both started here (the shared server has no
 * Stripe configuration), as tests/e2e/billing.spec.ts does.
 */
async function billingStates(browser: Browser) {
  const apiKey = "sk_test_calcapp_shots";
  const webhookSecret = "whsec_calcapp_shots";
  const priceId = "price_calcapp_premium_monthly";
  const stripe = await startStripeFake({ apiKey, webhookSecret, priceId });
  const db = await createMigratedDatabase("calcapp_shots_billing");
  const app = await startApp({
    databaseUrl: db.url,
    env: { STRIPE_SECRET_KEY: apiKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_PRICE_ID: priceId, STRIPE_API_BASE: stripe.url, APP_ENV: "test" },
    cloudfront: true,
  });
  stripe.fake.options.webhookUrl = `${app.url}/billing/webhook`;
  const context = await browser.newContext({ baseURL: app.url });
  try {
    const page = await context.newPage();
    const email = `shots-billing-${Date.now()}@example.com`;
    await signUpAndLogIn(page, email, "correct horse battery staple");
    // Premium needs a confirmed address: the mailed link.
    const mail = (await (await fetch(`${app.mailUrl}/_fake/messages?${new URLSearchParams({ to: email })}`)).json()) as Array<{ text: string }>;
    const link = new URL(mail[0]?.text.match(/https?:\/\/\S+\/verify-email\?\S+/)?.[0] ?? "");
    await page.goto(`${link.pathname}${link.search}`);
    await page.goto("/billing");
    await page.getByRole("button", { name: /Upgrade to Premium/ }).click();
    stripe.fake.hold();
    await page.getByRole("button", { name: "Pay", exact: true }).click();
    await expect(page.getByText(/Activating…/)).toBeVisible();
    await shootEverywhere(page, "billing-activating");
    await stripe.fake.release();
    await expect(page.getByTestId("current-plan")).toHaveText("Premium", { timeout: 10_000 });
    await shootEverywhere(page, "billing-premium");
  } finally {
    await context.close();
    await app.stop();
    await stripe.close();
    await db.drop();
  }
}

/** The 500 page: a real failure, `npm start` whose database cannot be reached (as ux-server-error.spec.ts). */
async function serverError(browser: Browser) {
  const app = await startApp({ databaseUrl: "postgresql://postgres@127.0.0.1:1/calcapp_unreachable?connect_timeout=2", cloudfront: true });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const response = await page.goto(`${app.url}/reset-password?token=${"a".repeat(43)}`);
    expect(response?.status()).toBe(500);
    await page.waitForLoadState("networkidle");
    await shootEverywhere(page, "500");
  } finally {
    await context.close();
    await app.stop();
  }
}

async function calculatorStates(page: Page, shot: Shot) {
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await shot(page, "calculator-empty");
  await page.locator("body").click();
  await page.keyboard.type("12+7*(3");
  await shot(page, "calculator-mid-calculation");
  await page.keyboard.press("Enter");
  await shot(page, "calculator-result");
  await page.keyboard.type(")");
  await shot(page, "calculator-refused-key-hint");
  for (const [name, expression] of [
    ["divide-by-zero", "1/0"],
    ["overflow", "1e999*10"],
    ["malformed", "2**3"],
    ["too-long", "1+".repeat(499) + "12"],
  ] as const) {
    await page.getByLabel("Type an expression").fill(expression);
    await page.getByLabel("Type an expression").press("Enter");
    await shot(page, `calculator-error-${name}`);
  }
  await page.keyboard.press("Escape");
  await page.getByLabel("Type an expression").fill("(2+3)×4");
  await shot(page, "calculator-typed-field");
  await page.goto("/no-such-page");
  await shot(page, "404");
}

async function guestForms(page: Page, shot: Shot) {
  for (const path of ["login", "signup"]) {
    await page.goto(`/${path}`);
    await shot(page, path);
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("x");
    await page.getByRole("main").getByRole("button").first().click();
    await page.waitForLoadState("networkidle");
    await shot(page, `${path}-errors`);
  }
  await page.goto("/billing");
  await shot(page, "billing-signed-out");
}

test("screenshots", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const everyView = async (take: (shot: Shot, page: Page) => Promise<void>, signedIn: boolean) => {
    for (const theme of THEMES) {
      for (const [sizeName, size] of SIZES) {
        const dir = `${OUT}/${theme}-${sizeName}`;
        mkdirSync(dir, { recursive: true });
        const shot: Shot = (target, name) => target.screenshot({ path: `${dir}/${name}.png`, fullPage: true }).then(() => undefined);
        if (signedIn) {
          await page.emulateMedia({ colorScheme: theme });
          await page.setViewportSize(size);
          await take(shot, page);
        } else {
          const guest = await browser.newContext({ colorScheme: theme, viewport: size });
          await take(shot, await guest.newPage());
          await guest.close();
        }
      }
    }
  };

  await everyView(async (shot, guestPage) => {
    await calculatorStates(guestPage, shot);
    await guestForms(guestPage, shot);
  }, false);

  // One account for the signed-in pages: first empty, then with 30 results (two pages of 25).
  // Sign-up never signs in (it must not reveal whether the address had an account): log in.
  await signUpAndLogIn(page, `shots-${Date.now()}@example.com`, "correct horse battery staple");
  await everyView(async (shot, target) => {
    await target.goto("/history");
    await shot(target, "history-empty");
  }, true);
  await page.goto("/");
  await page.evaluate(async () => {
    for (let i = 1; i <= 30; i++) {
      await fetch("/history/save", { method: "POST", body: new URLSearchParams({ expression: `${i} × ${i}`, input: "typed" }) });
    }
  });
  await everyView(async (shot, target) => {
    await target.goto("/history");
    await shot(target, "history-30-results-page-1");
    await target.getByRole("link", { name: "Older results" }).click();
    await target.waitForURL(/cursor=/);
    await shot(target, "history-page-2");
    for (const [name, path] of [["account", "/account"], ["billing-free", "/billing"], ["calculator-signed-in", "/"]] as const) {
      await target.goto(path);
      await target.waitForLoadState("networkidle");
      await shot(target, name);
    }
  }, true);
  await context.close();

  // The account pages and each of their states (one more account), billing while activating, 500.
  const accounts = await browser.newContext();
  await walkAccountStates(await accounts.newPage(), (target, state) => shootEverywhere(target, `account-${slug(state)}`), "shots-acct");
  await accounts.close();
  await billingStates(browser);
  await serverError(browser);
});

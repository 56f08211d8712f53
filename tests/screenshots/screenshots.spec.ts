import { mkdirSync } from "node:fs";
import { test, type Page } from "@playwright/test";

// Every page and state, at 390×844 and 1280×800, light and dark: screenshots/<theme>-<size>/<name>.png.
const OUT = process.env.SCREENSHOTS_DIR ?? "screenshots";
const SIZES = [
  ["phone", { width: 390, height: 844 }],
  ["desktop", { width: 1280, height: 800 }],
] as const;
const THEMES = ["light", "dark"] as const;

type Shot = (page: Page, name: string) => Promise<void>;

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
  await page.goto("/signup");
  await page.getByLabel("Email").fill(`shots-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("main").getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signup"));
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
});

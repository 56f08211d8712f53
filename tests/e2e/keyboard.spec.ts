import { expect, test, type Locator, type Page } from "@playwright/test";

// Keyboard: arrow keys on the keypad, shortcuts and their help dialog, keys typed before the
// JavaScript loads, and the gate: a whole visit pressing only keys.

const key = (page: Page, name: string) => page.getByRole("button", { name, exact: true });
const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement).catch(() => false);

/** Tab (or Shift+Tab) until `target` has focus: what a keyboard user does. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 60 } = {}) {
  for (let i = 0; i < max && !(await isFocused(target)); i++) await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  await expect(target).toBeFocused();
}

async function ready(page: Page, path = "/") {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

test("arrow keys move between the keypad's keys", async ({ page }) => {
  await ready(page);
  await key(page, "5").focus();
  await page.keyboard.press("ArrowUp");
  await expect(key(page, "8")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(key(page, "9")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(key(page, "subtract")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(key(page, "equals")).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(key(page, "3")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(key(page, "decimal point")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("display")).toHaveText("0.");
});

test("shortcuts for ± and memory, listed in the ? dialog", async ({ page }) => {
  await ready(page);
  await page.locator("body").click();
  await page.keyboard.type("12n");
  await expect(page.getByTestId("display")).toHaveText("-12");
  await page.keyboard.type("=p");
  await expect(page.getByTestId("memory")).toContainText("-12");
  await page.keyboard.type("q");
  await expect(page.getByTestId("notice")).toHaveText("Memory: 0");
  await page.keyboard.type("5+r=");
  await expect(page.getByTestId("display")).toHaveText("5");

  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("row", { name: /n or F9 Change sign/ })).toBeVisible();
  await expect(dialog.getByRole("row", { name: /p \/ q Add to \/ subtract from memory/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("keys typed before the JavaScript loads are kept", async ({ page }) => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_static/assets/*.js", async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto("/", { waitUntil: "domcontentloaded" });
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await page.keyboard.type("12+30");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("display")).toHaveText("0"); // not hydrated yet
  release();
  await expect(page.getByTestId("display")).toHaveText("42");
  await expect(page.getByTestId("expression")).toHaveText("12 + 30");
});

test.describe("keyboard only: a whole visit", () => {
  test.describe.configure({ timeout: 120_000 });
  test("calculation, sign-up, log in, history delete and use again, billing", async ({ page }) => {
    const email = `kbd-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    await ready(page);
    // A calculation: type it, Enter.
    await page.keyboard.type("6*7");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("display")).toHaveText("42");

    // Sign up: Tab to the nav link, Enter, fill the form with keys.
    await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign up" }), { backwards: true });
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Sign up" })).toBeVisible();
    await tabTo(page, page.getByLabel("Email"));
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    await page.keyboard.type("correct horse battery staple");
    await page.keyboard.press("Enter");
    await expect(page.getByText("Check your inbox")).toBeVisible();

    // Sign-up never signs in (it must not reveal whether the address had an account): log in.
    await page.waitForLoadState("networkidle");
    await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" }), { backwards: true });
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
    await tabTo(page, page.getByLabel("Email"));
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    await page.keyboard.type("correct horse battery staple");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("nav-email")).toHaveText(email);

    // Two results to the history, typed on the calculator (where logging in leads).
    await expect(page.getByRole("heading", { name: "Calculator" })).toBeAttached();
    await page.waitForLoadState("networkidle");
    for (const expression of ["2+3", "9*9"]) {
      const saved = page.waitForResponse((r) => r.url().endsWith("/history/save"));
      await page.keyboard.type(expression);
      await page.keyboard.press("Enter");
      expect((await saved).status()).toBe(201);
    }

    // Log out and in again.
    await tabTo(page, page.getByRole("button", { name: "Log out" }), { backwards: true });
    await page.keyboard.press("Enter");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" }), { backwards: true });
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
    await tabTo(page, page.getByLabel("Email"));
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    await page.keyboard.type("correct horse battery staple");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("nav-email")).toHaveText(email);

    // History: delete one row, then "use again" the other.
    await page.waitForLoadState("networkidle");
    await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "History" }), { backwards: true });
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("history-row")).toHaveCount(2);
    await tabTo(page, page.getByRole("button", { name: /^Delete 9 × 9/ }));
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("history-row")).toHaveCount(1);
    await tabTo(page, page.getByRole("link", { name: /^Use again: 2 \+ 3/ }), { backwards: true });
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("display")).toHaveText("5");

    // Billing.
    await page.waitForLoadState("networkidle");
    await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing" }), { backwards: true });
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Plans and billing" })).toBeVisible();
  });
});

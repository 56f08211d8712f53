import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DESKTOP, expectNoAxeViolations, NARROW, PHONE } from "../support/axe";

// Issue #17: keyboard, phone widths and axe-core gates. No sign-ups here (they are limited per
// address and the e2e run shares the limit): these are the guest pages.

async function hydrated(page: Page) {
  await page.waitForLoadState("networkidle");
}

test.describe("keyboard on the calculator (defect 1)", () => {
  test("Enter on a nav link follows the link instead of pressing =", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    // Keyboard only: Tab from the top of the page until the Billing link has focus.
    const billing = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing" });
    for (let i = 0; i < 10 && !(await billing.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await expect(billing).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/(billing|login)/);

    for (const name of ["Log in", "Sign up", "History"]) {
      await page.goto("/");
      await hydrated(page);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).focus();
      await page.keyboard.press("Enter");
      await expect(page).not.toHaveURL(/\/$/);
    }
  });

  test("Enter after clicking a key means =, not that key again", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await page.getByRole("button", { name: "5", exact: true }).click();
    await page.keyboard.type("+3");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("display")).toHaveText("8");

    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "7", exact: true }).click();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("display")).toHaveText("7");
  });

  test("Enter and Space on a key reached with Tab press that key", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await page.getByRole("button", { name: "9", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press(" ");
    await expect(page.getByTestId("display")).toHaveText("99");
  });
});

test.describe("accessible names contain the visible labels (defect 6)", () => {
  test("memory and clear keys answer to what they show", async ({ page }) => {
    await page.goto("/");
    for (const label of ["MC", "MR", "M+", "M\u2212", "AC"]) {
      await expect(page.getByRole("button", { name: new RegExp(`^${label.replace("+", "\\+")} `) })).toHaveCount(1);
    }
    const labelInName = await new AxeBuilder({ page }).withRules(["label-content-name-mismatch"]).analyze();
    expect(labelInName.violations).toEqual([]);
  });
});

test.describe("no sideways scroll at 320 px (defect 3, WCAG 1.4.10)", () => {
  for (const path of ["/", "/login", "/signup", "/history", "/billing", "/no-such-page"]) {
    test(`${path} fits 320 px`, async ({ page }) => {
      await page.setViewportSize(NARROW);
      await page.goto(path);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    });
  }
});

for (const colorScheme of ["light", "dark"] as const)
test.describe(`axe-core: 0 violations on the guest pages and calculator states, ${colorScheme} theme`, () => {
  // axe runs twice per state on a busy 2-core machine.
  test.describe.configure({ timeout: 180_000 });
  // The system setting; the theme switch (theme.spec.ts) renders the same colours.
  test.use({ colorScheme });
  for (const [sizeName, size] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    test(`calculator states at ${sizeName} size`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto("/");
      await hydrated(page);
      await expectNoAxeViolations(page, "empty");
      await page.locator("body").click();
      await page.keyboard.type("12+7");
      await expectNoAxeViolations(page, "mid-calculation");
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("display")).toHaveText("19");
      await expectNoAxeViolations(page, "result");
      await page.keyboard.type("1/0=");
      await expect(page.getByTestId("display")).not.toHaveText("19");
      await expectNoAxeViolations(page, "error");
      await page.keyboard.type(")");
      await expect(page.getByTestId("hint")).not.toHaveText("");
      await expectNoAxeViolations(page, "refused key hint");
      for (const [name, expression] of [
        ["overflow", "1e999*10"],
        ["malformed", "2**3"],
        ["too long", "1+".repeat(499) + "12"],
      ] as const) {
        await page.getByLabel("Type an expression").fill(expression);
        await page.getByLabel("Type an expression").press("Enter");
        await expectNoAxeViolations(page, `error: ${name}`);
      }
      await page.getByLabel("Type an expression").fill("(2+3)*4");
      await expectNoAxeViolations(page, "typed field");
      await page.locator("body").click();
      await page.keyboard.press("?");
      await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
      await expectNoAxeViolations(page, "shortcuts dialog");
    });

    test(`login, sign-up with errors and 404 at ${sizeName} size`, async ({ page }) => {
      await page.setViewportSize(size);
      for (const path of ["/login", "/signup"]) {
        await page.goto(path);
        await expectNoAxeViolations(page, path);
        await page.getByLabel("Email").fill("not-an-email");
        await page.getByLabel("Password").fill("x");
        await page.getByRole("main").getByRole("button").first().click();
        await page.waitForLoadState("networkidle");
        await expectNoAxeViolations(page, `${path} with errors`);
      }
      await page.goto("/no-such-page");
      await expectNoAxeViolations(page, "404");
    });
  }
});

/** True when the element's content is cut (wider than its box, or an ellipsis). */
function clipped(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((el) => el.scrollWidth > el.clientWidth || getComputedStyle(el).textOverflow === "ellipsis");
}

test.describe("the display shows the whole value (defect 4)", () => {
  for (const size of [NARROW, PHONE]) {
    test(`a huge result keeps its exponent and an error fits, at ${size.width} px`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto("/");
      await hydrated(page);
      await page.locator("body").click();
      await page.keyboard.type("98765432109*98765432109*987654321098=");
      await expect(page.getByTestId("display")).toContainText("e+");
      expect(await clipped(page, "display")).toBe(false);
      await page.keyboard.type("1/0=");
      await expect(page.getByTestId("display")).toContainText(/divide/i);
      expect(await clipped(page, "display")).toBe(false);
      await page.keyboard.press("Escape");
      await page.keyboard.type("1234567890123456");
      expect(await clipped(page, "display")).toBe(false);
    });
  }
});

test.describe("focus and announcements (defect 10)", () => {
  test("a skip link is the first Tab stop and moves focus to the main content", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();
  });

  test("after a client-side navigation focus is on the new page's main content, announced", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" }).click();
    await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
    await expect(page.locator("main")).toBeFocused();
    await expect(page.getByTestId("route-announcer")).toHaveText(await page.title());
  });

  test("error pages say what happened in their title", async ({ page }) => {
    await page.goto("/no-such-page");
    await expect(page).toHaveTitle("Page not found · CalcApp");
  });
});

// ONE sign-up for the signed-in pages (sign-ups are limited per address across the e2e run).
test.describe("signed in: history on a phone, delete focus, axe (defects 2, 10)", () => {
  test.describe.configure({ timeout: 300_000 });
  test("history rows are readable at 390 px, delete keeps focus, pages pass axe", async ({ page }) => {
    const email = `ux-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    await page.setViewportSize(PHONE);
    await page.goto("/signup");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("main").getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByText("Check your inbox")).toBeVisible();
    // Sign-up never signs in (it must not reveal whether the address had an account): log in.
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("main").getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("nav-email")).toHaveText(email);
    await hydrated(page);
    for (const expression of ["123456789*987654321+111111111", "2+3"]) {
      const saved = page.waitForResponse((r) => r.url().endsWith("/history/save") && r.request().method() === "POST");
      await page.getByLabel("Type an expression").fill(expression);
      await page.getByLabel("Type an expression").press("Enter");
      expect((await saved).status()).toBe(201);
    }
    for (const path of ["/account", "/billing", "/"]) {
      await page.setViewportSize(NARROW);
      await page.goto(path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} at 320 px`).toBeLessThanOrEqual(NARROW.width);
    }
    for (const size of [NARROW, PHONE]) {
      await page.setViewportSize(size);
      await page.goto("/history");
      await expect(page.getByTestId("history-row")).toHaveCount(2);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(size.width);
      // The whole expression and result are there and take most of the row, not one character.
      const result = page.getByTestId("history-result").first();
      await expect(result).toHaveText("5");
      const expressionLine = page.getByTestId("history-row").nth(1).locator("p").first();
      expect((await expressionLine.boundingBox())!.width).toBeGreaterThan(size.width / 2);
      expect(await expressionLine.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      for (const size of [PHONE, DESKTOP]) {
        await page.setViewportSize(size);
        for (const path of ["/history", "/account", "/billing", "/"]) {
          await page.goto(path);
          await hydrated(page);
          await expectNoAxeViolations(page, `${path} signed in at ${size.width}, ${colorScheme}`);
        }
      }
    }
    // Delete with the keyboard: focus moves to the next row's delete button, then to the list.
    await page.goto("/history");
    await hydrated(page);
    await page.getByRole("button", { name: /^Delete 2 \+ 3/ }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("history-row")).toHaveCount(1);
    await expect(page.getByRole("button", { name: /^Delete 123/ })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("history-row")).toHaveCount(0);
    expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true);
    await expectNoAxeViolations(page, "history empty");
    await page.emulateMedia({ colorScheme: "light" });
    await expectNoAxeViolations(page, "history empty, light");
    // 30 results: a full first page (25) and a second one (5).
    await page.goto("/");
    const statuses = await page.evaluate(async () => {
      const answers: number[] = [];
      for (let i = 1; i <= 30; i++) {
        answers.push((await fetch("/history/save", { method: "POST", body: new URLSearchParams({ expression: `${i} × ${i}`, input: "typed" }) })).status);
      }
      return answers;
    });
    expect(new Set(statuses)).toEqual(new Set([201]));
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      for (const size of [PHONE, DESKTOP]) {
        await page.setViewportSize(size);
        await page.goto("/history");
        await expect(page.getByTestId("history-row")).toHaveCount(25);
        await hydrated(page);
        await expectNoAxeViolations(page, `history 30 rows, page 1 at ${size.width}, ${colorScheme}`);
        await page.getByRole("link", { name: "Older results" }).click();
        await expect(page.getByTestId("history-row")).toHaveCount(5);
        await expectNoAxeViolations(page, `history page 2 at ${size.width}, ${colorScheme}`);
      }
    }
  });
});

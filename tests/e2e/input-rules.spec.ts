import { expect, test, type Page } from "@playwright/test";

// One set of input rules for the keypad, the keyboard and the typed field; every refused key or
// character gets a visible, announced hint; error messages say what to fix.

async function ready(page: Page) {
  await page.goto("/");
  await page.waitForLoadState("networkidle");
}

const hint = (page: Page) => page.getByRole("status").and(page.getByTestId("hint"));

test.describe("input rules with JavaScript", () => {
  test("1e5 typed on the keypad works as in the field", async ({ page }) => {
    await ready(page);
    await page.locator("body").click();
    await page.keyboard.type("1e5");
    await expect(page.getByLabel("Type an expression")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("display")).toHaveText("100,000");

    await page.getByLabel("Type an expression").fill("1e5");
    await page.getByLabel("Type an expression").press("Enter");
    await expect(page.getByTestId("display")).toHaveText("100,000");
  });

  test("^ is refused with the same hint on the keyboard and in the field", async ({ page }) => {
    await ready(page);
    await page.locator("body").click();
    await page.keyboard.type("2^");
    await expect(hint(page)).toHaveText(/'\^' is not allowed: there is no power operator, multiply instead/);
    await expect(page.getByTestId("display")).toHaveText("2");
    await page.keyboard.press("3");
    await expect(hint(page)).toHaveText("");

    const field = page.getByLabel("Type an expression");
    await field.click();
    await field.pressSequentially("2^3");
    await expect(field).toHaveValue("23");
    await expect(hint(page)).toHaveText("");
    await field.fill("");
    await field.pressSequentially("2^");
    await expect(field).toHaveValue("2");
    await expect(hint(page)).toHaveText(/'\^' is not allowed: there is no power operator/);
  });

  test("the field closes open parentheses as the keypad's = does", async ({ page }) => {
    await ready(page);
    await page.getByLabel("Type an expression").fill("2 × (3");
    await page.getByLabel("Type an expression").press("Enter");
    await expect(page.getByTestId("display")).toHaveText("6");
    await page.getByRole("button", { name: "2", exact: true }).click();
    await page.getByRole("button", { name: "multiply" }).click();
    await page.getByRole("button", { name: "open parenthesis" }).click();
    await page.getByRole("button", { name: "3", exact: true }).click();
    await page.getByRole("button", { name: "equals" }).click();
    await expect(page.getByTestId("display")).toHaveText("6");
  });

  test("a key that would do nothing says why", async ({ page }) => {
    await ready(page);
    await page.getByRole("button", { name: "close parenthesis" }).click();
    await expect(hint(page)).toHaveText("There is no '(' to close");
    await page.getByRole("button", { name: "percent" }).click();
    await expect(hint(page)).toHaveText("'%' goes after a number");
    await page.getByRole("button", { name: "4", exact: true }).click();
    await expect(hint(page)).toHaveText("");
  });

  test("errors say what to fix", async ({ page }) => {
    await ready(page);
    const field = page.getByLabel("Type an expression");
    await field.fill("2**3");
    await field.press("Enter");
    await expect(page.getByTestId("display")).toHaveText("'*' at position 3 needs a number before it");
    await field.fill("2 3");
    await field.press("Enter");
    await expect(page.getByTestId("display")).toHaveText("Missing operator before '3' at position 3: add +, −, × or ÷");
  });
});

test.describe("input rules without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a refused key gets the same hint from the server", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "close parenthesis" }).click();
    await expect(hint(page)).toHaveText("There is no '(' to close");
    await page.getByLabel("Type an expression").fill("2 × (3");
    await page.getByRole("button", { name: "Evaluate" }).click();
    await expect(page.getByTestId("display")).toHaveText("6");
  });
});

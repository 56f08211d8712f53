import { expect, test, type Page } from "@playwright/test";

async function pressKeys(page: Page, names: string[]) {
  for (const name of names) await page.getByRole("button", { name, exact: true }).click();
}

test.describe("calculator with JavaScript", () => {
  test("computes by clicking keys, with no request per key", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Calculator" })).toBeAttached();
    // Let hydration and lazy route discovery of the nav's links finish first.
    await page.waitForLoadState("networkidle");
    const requests: string[] = [];
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      // Route discovery (/__manifest) may still fetch when links render; it is not a key's request.
      if (path !== "/__manifest") requests.push(`${request.method()} ${path}`);
    });
    await pressKeys(page, ["1", "2", "add", "7", "multiply", "3", "equals"]);
    await expect(page.getByTestId("display")).toHaveText("33");
    await pressKeys(page, ["equals"]); // repeated = repeats the last top-level operation, "+ 21"
    await expect(page.getByTestId("display")).toHaveText("54");
    // Only each result is saved (in the background, to the history or a guest's session).
    await expect.poll(() => requests).toEqual(["POST /history/save", "POST /history/save"]);
  });

  test("computes from the keyboard", async ({ page }) => {
    await page.goto("/");
    await page.locator("body").click();
    await page.keyboard.type("(2+3)*4");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("display")).toHaveText("20");
    await page.keyboard.type("0.1+0.2=");
    await expect(page.getByTestId("display")).toHaveText("0.3");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("display")).toHaveText("0");
  });

  test("evaluates a typed expression and shows errors as states", async ({ page }) => {
    await page.goto("/");
    const field = page.getByLabel("Type an expression");
    await field.fill("999999999999999 * 999999999999999");
    await field.press("Enter");
    await expect(page.getByTestId("display")).toHaveText(/9\.99999999999998e\+29|999,999,999,999,998,000,000,000,000,001/);
    await field.fill("1 / (2 - 2)");
    await field.press("Enter");
    await expect(page.getByTestId("display")).toHaveText("Cannot divide by zero");
    await pressKeys(page, ["7"]);
    await expect(page.getByTestId("display")).toHaveText("7");
  });
});

test.describe("calculator without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("each key posts the state and the server renders the next one", async ({ page }) => {
    await page.goto("/");
    await pressKeys(page, ["7", "multiply", "6", "equals"]);
    await expect(page.getByTestId("display")).toHaveText("42");
    const field = page.getByLabel("Type an expression");
    await field.fill("2 + 3 × 4");
    await page.getByRole("button", { name: "Evaluate" }).click();
    await expect(page.getByTestId("display")).toHaveText("14");
    await pressKeys(page, ["divide", "0", "equals"]);
    await expect(page.getByTestId("display")).toHaveText("Cannot divide by zero");
  });
});

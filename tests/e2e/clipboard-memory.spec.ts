import { expect, test, type Page } from "@playwright/test";

// Copy the result (button, or Ctrl/Cmd+C with nothing selected), paste an expression (Ctrl/Cmd+V),
// both announced; the memory value is visible when set and announced on M+ / M−.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

async function ready(page: Page) {
  await page.goto("/");
  await page.waitForLoadState("networkidle");
}
const notice = (page: Page) => page.getByRole("status").and(page.getByTestId("notice"));
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test("the Copy button and Ctrl+C copy the plain result, announced", async ({ page }) => {
  await ready(page);
  await page.locator("body").click();
  await page.keyboard.type("1000*1234=");
  await expect(page.getByTestId("display")).toHaveText("1,234,000");
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(notice(page)).toHaveText("Copied 1234000");
  expect(await clipboard(page)).toBe("1234000");

  await page.evaluate(() => navigator.clipboard.writeText(""));
  await page.keyboard.type("+1=");
  await page.keyboard.press("ControlOrMeta+c");
  await expect(notice(page)).toHaveText("Copied 1234001");
  expect(await clipboard(page)).toBe("1234001");
});

test("Ctrl+V pastes an expression into the field, announced; a bad one is refused with a hint", async ({ page }) => {
  await ready(page);
  await page.evaluate(() => navigator.clipboard.writeText("(2+3)×4"));
  await page.locator("body").click();
  await page.keyboard.press("ControlOrMeta+v");
  const field = page.getByLabel("Type an expression");
  await expect(field).toHaveValue("(2+3)×4");
  await expect(field).toBeFocused();
  await expect(notice(page)).toHaveText("Pasted (2+3)×4 into the expression field: press Enter to calculate");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("display")).toHaveText("20");

  await page.evaluate(() => navigator.clipboard.writeText("2^8"));
  await page.locator("body").click();
  await page.keyboard.press("ControlOrMeta+v");
  await expect(page.getByTestId("hint")).toHaveText(/^Not pasted: '\^' is not allowed/);
});

test("memory is shown when set and announced on M+ and M−", async ({ page }) => {
  await ready(page);
  await expect(page.getByTestId("memory")).toHaveText("");
  await page.locator("body").click();
  await page.keyboard.type("40+2=");
  await page.getByRole("button", { name: /^M\+ / }).click();
  await expect(notice(page)).toHaveText("Memory: 42");
  await expect(page.getByTestId("memory")).toHaveText("M Memory: 42");
  await page.keyboard.type("2=");
  await page.getByRole("button", { name: /^M\u2212 / }).click();
  await expect(notice(page)).toHaveText("Memory: 40");
  await page.getByRole("button", { name: /^MC / }).click();
  await expect(notice(page)).toHaveText("Memory cleared");
  await expect(page.getByTestId("memory")).toHaveText("");
});

import { expect, test } from "@playwright/test";

// On wide screens the latest results sit beside the keypad, with "use again" in one click and
// times in the visitor's time zone; on a phone the list is left to /history.

test.use({ timezoneId: "Pacific/Auckland" });

test("guest: results join the list as they are computed, kept in the session, use again in one click", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  const recent = page.getByRole("complementary", { name: "Recent results" });
  await expect(recent).toBeVisible();
  await expect(recent).toContainText("Your results will appear here.");
  for (const expression of ["2+3", "6*7"]) {
    const saved = page.waitForResponse((r) => r.url().endsWith("/history/save"));
    await page.getByLabel("Type an expression").fill(expression);
    await page.getByLabel("Type an expression").press("Enter");
    expect((await saved).status()).toBe(201);
  }
  await expect(recent.getByTestId("recent-row")).toHaveCount(2);
  await expect(recent.getByTestId("recent-row").first()).toContainText("6 × 7");

  // From the session after a reload, in local time (not UTC).
  await page.reload();
  await page.waitForLoadState("networkidle");
  await expect(recent.getByTestId("recent-row")).toHaveCount(2);
  const time = recent.locator("time").first();
  const iso = (await time.getAttribute("datetime"))!;
  const local = new Date(iso).toLocaleString("en-US", { timeZone: "Pacific/Auckland", dateStyle: "medium", timeStyle: "short" });
  await expect(time).toHaveText(local);

  await recent.getByRole("link", { name: "Use again: 2 + 3" }).click();
  await expect(page.getByTestId("display")).toHaveText("5");
});

test("a phone does not get the list beside the keypad", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await expect(page.getByTestId("recent-results")).toBeHidden();
});

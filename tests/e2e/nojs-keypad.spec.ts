import { expect, test, type Page } from "@playwright/test";

// With JavaScript off each key is a form post. Focus stays on the pressed key, a calculation does
// not post again on Back, and Reload does not post again (POST → 303 → GET).

test.use({ javaScriptEnabled: false });

const key = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

/** Presses Tab (or Shift+Tab) until `name` has focus, as a keyboard user would. */
async function tabTo(page: Page, name: string, backwards = false) {
  const target = key(page, name);
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  await expect(target).toBeFocused();
}

test("focus stays on the pressed key, Reload and Back do not post", async ({ page }) => {
  await page.goto("/");
  const startLength = await page.evaluate(() => history.length);
  for (const name of ["7", "multiply", "6", "equals"]) {
    await key(page, name).click();
    await expect(key(page, name)).toBeFocused();
  }
  await expect(page.getByTestId("display")).toHaveText("42");
  await expect(page).toHaveURL(/\/$/);
  // Chromium adds an entry per form post whatever the answer (it replaces only same-address GETs),
  // but each one is the calculator page by GET: Back and Reload never post again.
  expect(await page.evaluate(() => history.length)).toBe(startLength + 4);

  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  await page.reload();
  await expect(page.getByTestId("display")).toHaveText("42");
  await page.goBack();
  await expect(page.getByTestId("display")).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId("display")).toHaveText("42");
  expect(posts).toEqual([]);
  // Focus and messages were for one view.
  await expect(key(page, "equals")).not.toBeFocused();

  await page.getByLabel("Type an expression").fill("2 × (3");
  await page.getByLabel("Type an expression").press("Enter");
  await expect(page.getByTestId("display")).toHaveText("6");
  await expect(page.getByLabel("Type an expression")).toBeFocused();
});

test("a calculation with the keyboard only", async ({ page }) => {
  await page.goto("/");
  await tabTo(page, "9");
  await page.keyboard.press("Enter");
  await expect(key(page, "9")).toBeFocused();
  await tabTo(page, "add", true);
  await page.keyboard.press("Enter");
  await tabTo(page, "3", true);
  await page.keyboard.press("Space");
  await tabTo(page, "equals");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("display")).toHaveText("12");
  await expect(key(page, "equals")).toBeFocused();
});

test("a forged state is refused with a clear 400 and changes nothing", async ({ page }) => {
  await page.goto("/");
  const origin = new URL(page.url()).origin;
  const response = await page.request.post("/?index", {
    form: { state: '{"mode":"result"}', key: "=" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(400);
  expect(response.headers()["set-cookie"] ?? "").not.toMatch(/calc=/);
  expect(await response.text()).toContain("The calculator state sent by the page was invalid");
});

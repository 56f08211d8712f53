import { expect, test, type Page } from "@playwright/test";

// Dark mode: follows the system until the visitor chooses; the choice is a cookie the server
// renders from, so there is no flash and it works with JavaScript off.

const canvasColour = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const LIGHT_CANVAS = "oklch(0.968 0.007 247.896)"; // slate-100
const DARK_CANVAS = "oklch(0.129 0.042 264.695)"; // slate-950

test.describe("theme", () => {
  test("follows the system setting when nothing was chosen", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/");
    expect(await canvasColour(page)).toBe(DARK_CANVAS);
    await expect(page.getByTestId("theme-system")).toHaveAttribute("aria-pressed", "true");
    await page.emulateMedia({ colorScheme: "light" });
    expect(await canvasColour(page)).toBe(LIGHT_CANVAS);
  });

  test("with JavaScript the switch applies at once and the choice survives a reload, rendered by the server", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/signup");
    await page.waitForLoadState("networkidle");
    await page.getByTestId("theme-dark").click();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    expect(await canvasColour(page)).toBe(DARK_CANVAS);
    await expect(page.getByTestId("theme-dark")).toHaveAttribute("aria-pressed", "true");
    await expect(page).toHaveURL(/\/signup$/);

    // The server's HTML already has the class: no flash of the wrong theme before scripts run.
    const html = await (await page.request.get("/")).text();
    expect(html).toMatch(/<html lang="en" class="h-full bg-canvas dark"/);

    await page.getByTestId("theme-system").click();
    expect(await canvasColour(page)).toBe(LIGHT_CANVAS);
    const after = await (await page.request.get("/")).text();
    expect(after).toMatch(/<html lang="en" class="h-full bg-canvas"/);
  });
});

test.describe("theme without JavaScript", () => {
  test.use({ javaScriptEnabled: false, colorScheme: "dark" });

  test("the switch posts, sets the cookie and comes back to the same page", async ({ page }) => {
    await page.goto("/login");
    expect(await canvasColour(page)).toBe(DARK_CANVAS);
    await page.getByTestId("theme-light").click();
    await expect(page).toHaveURL(/\/login$/);
    expect(await canvasColour(page)).toBe(LIGHT_CANVAS);
    await expect(page.getByTestId("theme-light")).toHaveAttribute("aria-pressed", "true");
    await page.goto("/");
    expect(await canvasColour(page)).toBe(LIGHT_CANVAS);
  });

  test("a bad theme or a foreign return address changes nothing", async ({ page }) => {
    const origin = new URL(page.url() === "about:blank" ? test.info().project.use.baseURL! : page.url()).origin;
    const bad = await page.request.post("/theme", { form: { theme: "purple", returnTo: "/" }, headers: { Origin: origin }, maxRedirects: 0 });
    expect(bad.status()).toBe(400);
    expect(bad.headers()["set-cookie"]).toBeUndefined();
    const foreign = await page.request.post("/theme", {
      form: { theme: "dark", returnTo: "//evil.example/" },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(foreign.status()).toBe(303);
    expect(foreign.headers()["location"]).toBe("/");
  });
});

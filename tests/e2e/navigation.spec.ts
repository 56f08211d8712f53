import { expect, test } from "@playwright/test";

// /, /login and /signup, /history and /billing are served by four different Lambdas (calculator,
// auth, history, billing); client-side navigation between them needs app.arc routes for
// single-fetch data URLs and a route manifest that knows every page.
test("navigates between pages of different Lambdas without a full reload", async ({ page }) => {
  const dataRequests: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith(".data") || url.pathname === "/__manifest") dataRequests.push(url.pathname);
  });
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));

  await page.goto("/");
  await page.evaluate(() => {
    (window as unknown as { marker: string }).marker = "same-document";
  });
  const nav = page.getByRole("navigation", { name: "Main" });

  // A guest's /history is answered by the history Lambda with a redirect to log in (and back).
  await nav.getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fhistory$/);

  // So is /billing, by the billing Lambda (billing.spec.ts covers the page itself).
  await nav.getByRole("link", { name: "Billing" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fbilling$/);

  // The login page (auth Lambda) links to sign-up, on the same Lambda.
  await page.getByRole("main").getByRole("link", { name: /sign up/i }).first().click();
  await expect(page.getByRole("heading", { name: "Sign up" })).toBeVisible();

  await nav.getByRole("link", { name: "Calculator" }).click();
  await expect(page.getByTestId("display")).toHaveText("0");

  // Still the first document: every hop was a client-side navigation.
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same-document");
  expect(dataRequests).toEqual(expect.arrayContaining(["/history.data", "/billing.data", "/login.data", "/signup.data", "/_root.data"]));
  expect(pageErrors).toEqual([]);
});

test("a direct load of each Lambda's page works", async ({ page }) => {
  for (const [path, heading] of [
    ["/history", "Log in"], // a guest is sent to log in and back
    ["/billing", "Log in"],
    ["/login", "Log in"], // the auth Lambda's pages
    ["/signup", "Sign up"],
    ["/forgot-password", "Forgot your password?"],
  ] as const) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  }
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

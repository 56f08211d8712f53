import { expect, test } from "@playwright/test";

// Error pages tell the truth: who is signed in, what happened, and no hydration errors.

test("signed in, a 404 still shows the account, and /history/<anything> hydrates cleanly", async ({ page }) => {
  const email = `err-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
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

  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  for (const path of ["/no-such-page", "/history/anything", "/billing/nothing"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page).toHaveTitle("Page not found · CalcApp");
    await expect(page.getByTestId("nav-email")).toHaveText(email);
  }
  expect(errors.filter((text) => !/status of 404/.test(text))).toEqual([]);
});

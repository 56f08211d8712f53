import { expect, test, type Page } from "@playwright/test";

// Accounts through the browser, against `npm start` with PostgreSQL and Redis. Sign-ups are
// limited to 5 an hour per address, so these tests sign up two users in all.
const password = "correct horse battery staple";
const uniqueEmail = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

/** Page errors and console errors (CSP violations, hydration errors) fail the test. */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // A refused form answers 400 on purpose; the browser logs that as a failed resource load.
    if (message.type() === "error" && !/status of 400/.test(message.text())) errors.push(message.text());
  });
  return errors;
}

function nav(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

test("sign up, log out, log in, and a wrong password", async ({ page }) => {
  const errors = watchErrors(page);
  const email = uniqueEmail("e2e");

  await page.goto("/");
  await nav(page).getByRole("link", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Sign up" })).toBeVisible();
  await page.getByLabel("Email").fill(email.toUpperCase()); // stored normalised
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  // The same answer whether or not the address had an account; the new one can log in at once.
  await expect(page.getByRole("status")).toContainText(`Check your inbox: we have sent a message to ${email}`);
  await page.getByRole("link", { name: "Log in" }).last().click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(nav(page).getByTestId("nav-email")).toHaveText(email);

  // Signed in, the calculator works as for a guest.
  for (const key of ["4", "multiply", "5", "equals"]) await page.getByRole("button", { name: key, exact: true }).click();
  await expect(page.getByTestId("display")).toHaveText("20");

  await nav(page).getByRole("button", { name: "Log out" }).click();
  await expect(nav(page).getByRole("link", { name: "Log in" })).toBeVisible();
  await expect(nav(page).getByTestId("nav-email")).toHaveCount(0);

  await nav(page).getByRole("link", { name: "Log in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText(/email and password do not match/);
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(nav(page).getByRole("link", { name: "Log in" })).toBeVisible();

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(nav(page).getByTestId("nav-email")).toHaveText(email);

  await nav(page).getByRole("link", { name: /Account/ }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a field error is shown next to its field and announced", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/signup");
  await page.getByLabel("Email").fill(uniqueEmail("short"));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  const field = page.getByLabel("Password");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/At least 8 characters.*Use at least 8 characters/);
  expect(errors).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the forms work and the account page comes back after logging in", async ({ page }) => {
    const email = uniqueEmail("nojs");
    await page.goto("/signup");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByRole("status")).toContainText("Check your inbox");

    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  });
});

import { expect, test, type Page } from "@playwright/test";
import { linkFromMail, signUpAndLogIn } from "./mail";

// Forgot password → the mail in the local SES fake → a new password, with JavaScript on and off.
const password = "correct horse battery staple";
const newPassword = "a brand new passphrase";
const uniqueEmail = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

function nav(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

async function signUpAndLogOut(page: Page, email: string) {
  await signUpAndLogIn(page, email, password);
  await nav(page).getByRole("button", { name: "Log out" }).click();
  await expect(nav(page).getByRole("link", { name: "Log in" })).toBeVisible();
}

async function resetThroughMail(page: Page, email: string) {
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText(`If ${email} belongs to an account, we have sent it a link`);

  const link = await linkFromMail(page, email, /reset your password/, "/reset-password");
  await page.goto(link);
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set my new password" }).click();
  await expect(page.getByText("Use at least 8 characters")).toBeVisible();
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set my new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByRole("status")).toContainText("Your password was changed");

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(nav(page).getByTestId("nav-email")).toHaveText(email);

  // The link worked once.
  await page.goto(link);
  await expect(page.getByRole("alert")).toContainText("not valid any more");
}

test("a forgotten password is reset through the mailed link", async ({ page }) => {
  const email = uniqueEmail("reset");
  await signUpAndLogOut(page, email);
  await resetThroughMail(page, email);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same reset works as plain forms", async ({ page }) => {
    const email = uniqueEmail("reset-nojs");
    await signUpAndLogOut(page, email);
    await resetThroughMail(page, email);
  });
});

import { expect, test, type Page } from "@playwright/test";
import { linkFromMail, signUpAndLogIn } from "./mail";

// Sign-up that answers the same for every address, and the confirmation link read from the local
// SES fake, with JavaScript on and off.
const password = "correct horse battery staple";
const uniqueEmail = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function confirmThroughMail(page: Page, email: string) {
  await page.goto("/account");
  await expect(page.getByTestId("email-status")).toContainText("is not confirmed yet");
  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByRole("status")).toContainText(`We sent a new confirmation link to ${email}`);
  const link = await linkFromMail(page, email, /confirm your email address/, "/verify-email");
  await page.goto(link);
  await expect(page).toHaveURL(/\/account\?verified=1$/);
  await expect(page.getByTestId("email-status")).toContainText(`${email} is confirmed`);
}

test("a new account confirms its address from the mail; a taken address gets the same page", async ({ page }) => {
  const email = uniqueEmail("verify");
  await signUpAndLogIn(page, email, password);
  await confirmThroughMail(page, email);

  // Someone else signs up with the same address: the same page, and the owner is told by mail.
  const other = await page.context().browser()!.newPage();
  await other.goto(new URL("/signup", page.url()).href);
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill("someone else's password");
  await other.getByRole("button", { name: "Sign up" }).click();
  await expect(other.getByRole("status")).toContainText(`Check your inbox: we have sent a message to ${email}`);
  const reset = await linkFromMail(other, email, /someone tried to sign up/, "/reset-password");
  expect(reset).toMatch(/^\/reset-password\?token=/);
  await other.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("sign-up and confirmation work as plain forms and links", async ({ page }) => {
    const email = uniqueEmail("verify-nojs");
    await signUpAndLogIn(page, email, password);
    await confirmThroughMail(page, email);
  });
});

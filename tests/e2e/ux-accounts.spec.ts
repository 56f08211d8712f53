import { generateTOTP } from "@epic-web/totp";
import { expect, test, type Page } from "@playwright/test";
import { expectUxGate } from "../support/axe";
import { linkFromMail, signUpAndLogIn } from "./mail";

// The UX gate (axe-core at 390×844 and 1280×800 in both themes, 0 violations of any impact; no
// sideways scroll at 320 px) on the account pages and each of their states: forgot / reset
// password, the email links (valid and not), the two-factor set-up on /account and the second
// login step. One account for all of it (sign-ups are limited per address across the run).
const password = "correct horse battery staple";
const newPassword = "a brand new passphrase";
const TOTP = { algorithm: "SHA-1", period: 30, digits: 6, charSet: "0123456789" } as const;

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

async function hydrated(page: Page) {
  await page.waitForLoadState("networkidle");
}

test.describe.configure({ timeout: 600_000 });

test("account pages and their states pass the UX gate", async ({ page }) => {
  const email = `ux-acct-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await signUpAndLogIn(page, email, password);

  // /account, address not confirmed yet; then the mailed link (valid), then the same link again.
  await page.goto("/account");
  await expect(page.getByTestId("email-status")).toContainText("is not confirmed yet");
  await hydrated(page);
  await expectUxGate(page, "/account unconfirmed");
  const verify = await linkFromMail(page, email, /confirm your email address/, "/verify-email");
  await page.goto(verify);
  await expect(page).toHaveURL(/\/account\?verified=1$/);
  await expect(page.getByTestId("email-status")).toContainText("is confirmed");
  await hydrated(page);
  await expectUxGate(page, "/verify-email valid → /account?verified=1");
  await page.goto(verify);
  await expect(page.getByRole("alert")).toContainText("not valid any more");
  await hydrated(page);
  await expectUxGate(page, "/verify-email used link");

  // Two-factor set-up: the QR code step, a wrong code, then on with the recovery codes.
  await page.getByRole("link", { name: "your account" }).click();
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toBeVisible();
  await hydrated(page);
  await expectUxGate(page, "/account two-factor set-up");
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  await page.getByLabel("Code from your app").fill("000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByLabel("Code from your app")).toHaveAttribute("aria-invalid", "true");
  await expectUxGate(page, "/account two-factor set-up, wrong code");
  await page.getByLabel("Code from your app").fill((await generateTOTP({ ...TOTP, secret })).otp);
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await expectUxGate(page, "/account two-factor on, recovery codes");
  const codes = await page.getByTestId("recovery-codes").locator("li").allTextContents();
  await page.reload();
  await expect(page.getByText(/recovery codes left/)).toBeVisible();
  await hydrated(page);
  await expectUxGate(page, "/account two-factor on");

  // An email change asked for: the notice on /account; the link used twice.
  const changedEmail = `changed-${email}`;
  await page.getByLabel("New email").fill(changedEmail);
  await page.getByLabel("Your password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Send a confirmation link" }).click();
  await expect(page.getByRole("status").filter({ hasText: changedEmail })).toBeVisible();
  await expectUxGate(page, "/account email change asked");
  const confirm = await linkFromMail(page, changedEmail, /confirm/i, "/confirm-email");
  await page.goto(confirm);
  await expect(page).toHaveURL(/\/login\?emailChanged=1$/);
  await hydrated(page);
  await expectUxGate(page, "/confirm-email valid → /login?emailChanged=1");
  await page.goto(confirm);
  await expect(page.getByRole("alert")).toContainText("not valid any more");
  await hydrated(page);
  await expectUxGate(page, "/confirm-email used link");

  // The second login step, then with a wrong code.
  await page.goto("/login");
  await page.getByLabel("Email").fill(changedEmail);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await hydrated(page);
  await expectUxGate(page, "/login/two-factor");
  await page.getByLabel("Code").fill("12345");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByLabel("Code")).toHaveAttribute("aria-invalid", "true");
  await expectUxGate(page, "/login/two-factor wrong code");
  await page.getByLabel("Code").fill(codes[0]!);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(nav(page).getByTestId("nav-email")).toHaveText(changedEmail);
  await nav(page).getByRole("button", { name: "Log out" }).click();
  await expect(nav(page).getByRole("link", { name: "Log in" })).toBeVisible();

  // Forgot password: empty, a malformed address, sent; the mailed reset link, a refused password,
  // and the link once used.
  await page.goto("/forgot-password");
  await hydrated(page);
  await expectUxGate(page, "/forgot-password");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expectUxGate(page, "/forgot-password with an error");
  await page.getByLabel("Email").fill(changedEmail);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText("we have sent it a link");
  await expectUxGate(page, "/forgot-password sent");
  const reset = await linkFromMail(page, changedEmail, /reset your password/, "/reset-password");
  await page.goto(reset);
  await expect(page.getByLabel("New password")).toBeVisible();
  await hydrated(page);
  await expectUxGate(page, "/reset-password valid link");
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set my new password" }).click();
  await expect(page.getByText("Use at least 8 characters")).toBeVisible();
  await expectUxGate(page, "/reset-password with an error");
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set my new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await hydrated(page);
  await expectUxGate(page, "/login after a reset");
  await page.goto(reset);
  await expect(page.getByRole("alert")).toContainText("not valid any more");
  await hydrated(page);
  await expectUxGate(page, "/reset-password used link");
});

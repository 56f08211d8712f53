// Every state of the account pages, reached in a browser as people reach them: forgot / reset
// password (the mailed link, a refused password, the link once used), the email links (valid and
// used), the two-factor set-up on /account and the second login step. `visit` is called on each
// state: the UX gate (ux-accounts.spec.ts) checks it, `npm run screenshots` photographs it.
// One account for all of it (sign-ups are limited per address).
import { generateTOTP } from "@epic-web/totp";
import { expect, type Page } from "@playwright/test";
import { linkFromMail, signUpAndLogIn } from "./mail";

const password = "correct horse battery staple";
const newPassword = "a brand new passphrase";
const TOTP = { algorithm: "SHA-1", period: 30, digits: 6, charSet: "0123456789" } as const;

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

async function hydrated(page: Page) {
  await page.waitForLoadState("networkidle");
}

export type Visit = (page: Page, state: string) => Promise<void>;

export async function walkAccountStates(page: Page, visit: Visit, label = "acct"): Promise<void> {
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await signUpAndLogIn(page, email, password);

  // /account, address not confirmed yet; then the mailed link (valid), then the same link again.
  await page.goto("/account");
  await expect(page.getByTestId("email-status")).toContainText("is not confirmed yet");
  await hydrated(page);
  await visit(page, "/account unconfirmed");
  const verify = await linkFromMail(page, email, /confirm your email address/, "/verify-email");
  await page.goto(verify);
  await expect(page).toHaveURL(/\/account\?verified=1$/);
  await expect(page.getByTestId("email-status")).toContainText("is confirmed");
  await hydrated(page);
  await visit(page, "/verify-email valid → /account?verified=1");
  await page.goto(verify);
  await expect(page.getByRole("alert")).toContainText("not valid any more");
  await hydrated(page);
  await visit(page, "/verify-email used link");

  // Two-factor set-up: the QR code step, a wrong code, then on with the recovery codes.
  await page.getByRole("link", { name: "your account" }).click();
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toBeVisible();
  await hydrated(page);
  await visit(page, "/account two-factor set-up");
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  await page.getByLabel("Code from your app").fill("000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByLabel("Code from your app")).toHaveAttribute("aria-invalid", "true");
  await visit(page, "/account two-factor set-up, wrong code");
  await page.getByLabel("Code from your app").fill((await generateTOTP({ ...TOTP, secret })).otp);
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await visit(page, "/account two-factor on, recovery codes");
  const codes = await page.getByTestId("recovery-codes").locator("li").allTextContents();
  await page.reload();
  await expect(page.getByText(/recovery codes left/)).toBeVisible();
  await hydrated(page);
  await visit(page, "/account two-factor on");

  // An email change asked for: the notice on /account; the link used twice.
  const changedEmail = `changed-${email}`;
  await page.getByLabel("New email").fill(changedEmail);
  await page.getByLabel("Your password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Send a confirmation link" }).click();
  await expect(page.getByRole("status").filter({ hasText: changedEmail })).toBeVisible();
  await visit(page, "/account email change asked");
  const confirm = await linkFromMail(page, changedEmail, /confirm/i, "/confirm-email");
  await page.goto(confirm);
  await expect(page).toHaveURL(/\/login\?emailChanged=1$/);
  await hydrated(page);
  await visit(page, "/confirm-email valid → /login?emailChanged=1");
  await page.goto(confirm);
  await expect(page.getByRole("alert")).toContainText("not valid any more");
  await hydrated(page);
  await visit(page, "/confirm-email used link");

  // The second login step, then with a wrong code.
  await page.goto("/login");
  await page.getByLabel("Email").fill(changedEmail);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await hydrated(page);
  await visit(page, "/login/two-factor");
  await page.getByLabel("Code").fill("12345");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByLabel("Code")).toHaveAttribute("aria-invalid", "true");
  await visit(page, "/login/two-factor wrong code");
  await page.getByLabel("Code").fill(codes[0]!);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(nav(page).getByTestId("nav-email")).toHaveText(changedEmail);
  await nav(page).getByRole("button", { name: "Log out" }).click();
  await expect(nav(page).getByRole("link", { name: "Log in" })).toBeVisible();

  // Forgot password: empty, a malformed address, sent; the mailed reset link, a refused password,
  // and the link once used.
  await page.goto("/forgot-password");
  await hydrated(page);
  await visit(page, "/forgot-password");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await visit(page, "/forgot-password with an error");
  await page.getByLabel("Email").fill(changedEmail);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText("we have sent it a link");
  await visit(page, "/forgot-password sent");
  const reset = await linkFromMail(page, changedEmail, /reset your password/, "/reset-password");
  await page.goto(reset);
  await expect(page.getByLabel("New password")).toBeVisible();
  await hydrated(page);
  await visit(page, "/reset-password valid link");
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set my new password" }).click();
  await expect(page.getByText("Use at least 8 characters")).toBeVisible();
  await visit(page, "/reset-password with an error");
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set my new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await hydrated(page);
  await visit(page, "/login after a reset");
  await page.goto(reset);
  await expect(page.getByRole("alert")).toContainText("not valid any more");
  await hydrated(page);
  await visit(page, "/reset-password used link");
}

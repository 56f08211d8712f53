import { generateTOTP } from "@epic-web/totp";
import { expect, test, type Page } from "@playwright/test";
import { signUpAndLogIn } from "./mail";

// Two-factor sign-in through the browser: set up from /account (the QR code is an image the server
// rendered), the recovery codes, the second step at login; with JavaScript on and off.
const password = "correct horse battery staple";
const TOTP = { algorithm: "SHA-1", period: 30, digits: 6, charSet: "0123456789" } as const;

function nav(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

async function twoFactorFlow(page: Page, label: string) {
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await signUpAndLogIn(page, email, password);
  await page.goto("/account");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const qr = page.getByRole("img", { name: "QR code to scan with your authenticator app" });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  await page.getByLabel("Code from your app").fill((await generateTOTP({ ...TOTP, secret })).otp);
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("status")).toContainText("Two-factor sign-in is on.");
  const codes = await page.getByTestId("recovery-codes").locator("li").allTextContents();
  expect(codes).toHaveLength(10);

  await nav(page).getByRole("button", { name: "Log out" }).click();
  await expect(nav(page).getByRole("link", { name: "Log in" })).toBeVisible();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Remember me on this device").check();
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await page.getByLabel("Code").fill(codes[0]!);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(nav(page).getByTestId("nav-email")).toHaveText(email);
  const session = (await page.context().cookies()).find((c) => c.name === "__session");
  expect(session?.expires).toBeGreaterThan(Date.now() / 1000 + 86_400); // "remember me" kept
}

test("two-factor sign-in is set up and used with a recovery code", async ({ page }) => {
  await twoFactorFlow(page, "totp");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same flow works as plain forms", async ({ page }) => {
    await twoFactorFlow(page, "totp-nojs");
  });
});

import { expect, test } from "@playwright/test";
import { signUpAndLogIn } from "./mail";

// /account lists the sessions and ends one: the other browser is logged out.
const password = "correct horse battery staple";

test("ending another browser's session from /account logs that browser out", async ({ page, browser }) => {
  const email = `sessions-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await signUpAndLogIn(page, email, password);

  const other = await browser.newContext({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1" });
  const phone = await other.newPage();
  await phone.goto(new URL("/login", page.url()).href);
  await phone.getByLabel("Email").fill(email);
  await phone.getByLabel("Password").fill(password);
  await phone.getByRole("button", { name: "Log in" }).click();
  await expect(phone.getByRole("navigation", { name: "Main" }).getByTestId("nav-email")).toHaveText(email);

  await page.goto("/account");
  const sessions = page.getByTestId("session");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "This browser" })).toHaveCount(1);
  const phoneRow = sessions.filter({ hasText: "Safari on iOS (mobile)" });
  await phoneRow.getByRole("button", { name: /End the session/ }).click();
  await expect(page.getByRole("status")).toContainText("that device is logged out");
  await expect(page.getByTestId("session")).toHaveCount(1);

  await phone.goto(new URL("/account", page.url()).href);
  await expect(phone).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  await other.close();
});

// The mail the e2e server sent, read from its SES fake (tests/support/e2e-server.ts: port + 1000).
import { expect, type Page } from "@playwright/test";

type Sent = { to: string[]; subject: string; text?: string };

export function e2eMailUrl(baseURL: string): string {
  const url = new URL(baseURL);
  return `http://127.0.0.1:${Number(url.port) + 1000}`;
}

/** Waits for a message to `address` whose subject matches, and returns its link to `pathname`. */
export async function linkFromMail(page: Page, address: string, subject: RegExp, pathname: string): Promise<string> {
  const baseURL = new URL(page.url()).origin;
  let link = "";
  await expect
    .poll(async () => {
      const response = await fetch(`${e2eMailUrl(baseURL)}/_fake/messages?${new URLSearchParams({ to: address })}`);
      const messages = (await response.json()) as Sent[];
      const message = messages.filter((m) => subject.test(m.subject)).at(-1);
      const url = (message?.text?.match(/https?:\/\/\S+/g) ?? []).map((u) => new URL(u)).find((u) => u.pathname === pathname);
      link = url ? `${url.pathname}${url.search}` : "";
      return link;
    })
    .not.toBe("");
  return link;
}

/** Signs up (the page answers "check your inbox", no session), then logs in with the same password. */
export async function signUpAndLogIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox");
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByTestId("nav-email")).toHaveText(email.trim().toLowerCase());
}

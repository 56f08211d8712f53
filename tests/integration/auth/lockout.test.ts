// A lockout that stops attackers, not owners (decision 016), over HTTP through `npm start` with
// the real Redis: client addresses come from CloudFront-Viewer-Address with the origin secret.
import { describe, expect, it } from "vitest";
import { Client } from "../../support/http-client";
import { logIn, PASSWORD, setupApp, signUp, uniqueEmail, uniqueIp } from "./fixtures";

const app = setupApp();

/** A fresh browser (no cookies) at `ip`. */
const browserAt = (ip: string) => new Client(app.server.url, { ip, secret: app.server.originSecret });

/** Alice's usual browser: she signed up and logged in there, so it carries the known-device cookie. */
async function aliceWithHerBrowser(label: string): Promise<{ email: string; browser: Client }> {
  const email = uniqueEmail(label);
  const browser = browserAt(uniqueIp());
  await signUp(browser, email);
  expect(browser.cookies.has("__device")).toBe(true);
  await browser.post("/logout", {});
  return { email, browser };
}

describe("one attacker address", () => {
  it("1,000 wrong guesses for alice@ get 429 with Retry-After, and alice still logs in from her usual browser", { timeout: 240_000 }, async () => {
    const { email, browser } = await aliceWithHerBrowser("alice");
    const attackerIp = uniqueIp();
    const statuses = new Map<number, number>();
    let lastRefusal: Response | undefined;
    for (let i = 0; i < 1_000; i++) {
      const response = await logIn(browserAt(attackerIp), email, `guess number ${i}`);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 429) lastRefusal = response;
      else await response.arrayBuffer();
    }
    expect(statuses.get(400)).toBe(5); // then the (email, address) and address limits refuse
    expect(statuses.get(429)).toBe(995);
    expect(Number(lastRefusal?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await lastRefusal?.text()).toContain("Too many login attempts");

    // Her usual browser, from her usual address and from elsewhere.
    expect((await logIn(browser, email)).status).toBe(302);
    await browser.post("/logout", {});
    expect((await logIn(browser.from(uniqueIp(), app.server.originSecret), email)).status).toBe(302);
    // A browser she never used, at another address, is not stopped either: the attacker stayed under the per-email delay.
    expect((await logIn(browserAt(uniqueIp()), email)).status).toBe(302);
  });
});

describe("a guesser spread over many addresses", () => {
  it("is slowed per email with growing delays, while alice's usual browser logs in at once", { timeout: 120_000 }, async () => {
    const { email, browser } = await aliceWithHerBrowser("spread");
    for (let i = 0; i < 10; i++) expect((await logIn(browserAt(uniqueIp()), email, `guess ${i}`)).status, `guess ${i}`).toBe(400);
    const slowed = await logIn(browserAt(uniqueIp()), email, "guess 10");
    expect(slowed.status).toBe(429);
    const firstWait = Number(slowed.headers.get("retry-after"));
    expect(firstWait).toBeGreaterThanOrEqual(1);
    expect(firstWait).toBeLessThanOrEqual(2);
    // Even the right password, from a browser not known for alice, waits.
    expect((await logIn(browserAt(uniqueIp()), email)).status).toBe(429);
    // Alice's own browser does not.
    expect((await logIn(browser.from(uniqueIp(), app.server.originSecret), email)).status).toBe(302);

    await new Promise((resolve) => setTimeout(resolve, firstWait * 1000 + 100));
    expect((await logIn(browserAt(uniqueIp()), email, "guess 11")).status).toBe(400);
    const slower = await logIn(browserAt(uniqueIp()), email, "guess 12");
    expect(slower.status).toBe(429);
    expect(Number(slower.headers.get("retry-after"))).toBeGreaterThan(firstWait);
  });

  it("cannot be replayed with a forged known-device cookie", async () => {
    const { email } = await aliceWithHerBrowser("forged");
    for (let i = 0; i < 10; i++) await logIn(browserAt(uniqueIp()), email, `guess ${i}`);
    const forger = browserAt(uniqueIp());
    forger.cookies.set("__device", "eyJpZCI6ImFhYWFhYWFhYWFhYWFhYWFhYWFhYWEiLCJhY2NvdW50cyI6W119.forged");
    expect((await logIn(forger, email, PASSWORD)).status).toBe(429);
  });
});

describe("the account page", () => {
  it("confirms alice's password although attackers failed at her email", async () => {
    const { email, browser } = await aliceWithHerBrowser("confirm");
    const attackerIp = uniqueIp();
    for (let i = 0; i < 8; i++) await logIn(browserAt(attackerIp), email, `guess ${i}`);
    expect((await logIn(browser, email)).status).toBe(302);
    const changed = await browser.post("/account", { intent: "change-password", currentPassword: PASSWORD, newPassword: "alice's next passphrase" });
    expect(changed.status).toBe(200);
  });
});

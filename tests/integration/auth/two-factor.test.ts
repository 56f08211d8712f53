// TOTP two-factor over HTTP through `npm start`: enabling with a server-rendered QR code and a
// confirmation code, ten single-use recovery codes, the second login step keeping "remember me",
// replayed codes refused, guesses limited, disabling with a code.
import { generateTOTP } from "@epic-web/totp";
import { describe, expect, it } from "vitest";
import { setCookieAttributes, type Client } from "../../support/http-client";
import { isSignedIn, logIn, setupApp, signUp, uniqueEmail } from "./fixtures";

const app = setupApp();
const TOTP = { algorithm: "SHA-1", period: 30, digits: 6, charSet: "0123456789" } as const;

const codeFor = async (secret: string) => (await generateTOTP({ ...TOTP, secret })).otp;

async function enable(client: Client): Promise<{ secret: string; recoveryCodes: string[]; usedCode: string }> {
  expect((await client.post("/account", { intent: "totp-start" })).status).toBe(200);
  const page = await (await client.get("/account")).text();
  const qr = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(page)?.[1];
  expect(Buffer.from(qr ?? "", "base64").toString("utf8")).toMatch(/^<svg/);
  const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(page)?.[1] ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  expect((await client.post("/account", { intent: "totp-confirm", code: "000000" })).status).toBe(400);
  const usedCode = await codeFor(secret);
  const confirmed = await client.post("/account", { intent: "totp-confirm", code: usedCode });
  expect(confirmed.status).toBe(200);
  const html = await confirmed.text();
  const list = /data-testid="recovery-codes">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
  const recoveryCodes = [...list.matchAll(/<li>([0-9a-f-]+)<\/li>/g)].map((m) => m[1]!);
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes, usedCode };
}

describe("two-factor sign-in", () => {
  it("is enabled with a QR code and a code, stores recovery codes hashed, and asks for a code at login keeping 'remember me'", async () => {
    const email = uniqueEmail("totp");
    const client = app.client();
    await signUp(client, email);
    const { recoveryCodes, usedCode } = await enable(client);
    const [row] = await app.sql<{ totp_recovery_hashes: string[] }>("SELECT totp_recovery_hashes FROM users WHERE email = $1", [email]);
    expect(row?.totp_recovery_hashes).toHaveLength(10);
    for (const code of recoveryCodes) expect(JSON.stringify(row)).not.toContain(code.replaceAll("-", ""));
    expect(await (await client.get("/account")).text()).toContain("10<!-- --> recovery codes left");

    // A code is accepted once: the one that confirmed cannot turn it off again.
    expect((await client.post("/account", { intent: "totp-disable", code: usedCode })).status).toBe(400);

    const browser = app.client();
    const first = await logIn(browser, email, undefined, { remember: "on" });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/login/two-factor");
    expect(browser.cookies.has("__session")).toBe(false);
    expect((await browser.get("/login/two-factor")).status).toBe(200);
    expect((await browser.post("/login/two-factor", { code: "123456" })).status).toBe(400);
    const done = await browser.post("/login/two-factor", { code: recoveryCodes[0]!.toUpperCase() });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/");
    expect(setCookieAttributes(done, "__session")?.expires).toBeDefined(); // remembered
    expect(await isSignedIn(browser)).toBe(true);

    // That recovery code is used up; another works.
    const again = app.client();
    await logIn(again, email);
    expect((await again.post("/login/two-factor", { code: recoveryCodes[0]! })).status).toBe(400);
    expect((await again.post("/login/two-factor", { code: recoveryCodes[1]! })).status).toBe(302);
    expect(setCookieAttributes(await logIn(app.client(), email), "__session")).toBeNull();
  });

  it("limits code guesses to 5 per 15 minutes, with Retry-After", async () => {
    const email = uniqueEmail("guess");
    const client = app.client();
    await signUp(client, email);
    await enable(client);
    const browser = app.client();
    await logIn(browser, email);
    for (let i = 0; i < 5; i++) expect((await browser.post("/login/two-factor", { code: String(100000 + i) })).status).toBe(400);
    const refused = await browser.post("/login/two-factor", { code: "999999" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("is turned off with a code, then logins need only the password", async () => {
    const email = uniqueEmail("off");
    const client = app.client();
    await signUp(client, email);
    const { recoveryCodes } = await enable(client);
    expect((await client.post("/account", { intent: "totp-disable", code: "not a code" })).status).toBe(400);
    const off = await client.post("/account", { intent: "totp-disable", code: recoveryCodes[3]! });
    expect(off.status).toBe(200);
    expect(await off.text()).toContain("Two-factor sign-in is off.");
    const login = await logIn(app.client(), email);
    expect(login.headers.get("location")).toBe("/");
  });

  it("sends the second step back to /login without a pending login", async () => {
    const response = await app.client().get("/login/two-factor");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
    const posted = await app.client().post("/login/two-factor", { code: "123456" });
    expect(posted.status).toBe(302);
  });
});

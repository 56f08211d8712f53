// Password reset over HTTP through `npm start`, reading the mail from the loopback SES fake:
// one answer for every email, a single-use link stored hashed that a newer request and a password
// change invalidate, the sign-up policy, every session ended; expiry with a controlled clock
// (tokens issued "in the past" by the same module the server uses, on the same database).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken, issueToken } from "../../../app/lib/auth/account-tokens.server";
import { disconnectPrisma } from "../../../app/lib/db/client.server";
import { linkIn, mailTo } from "../../support/ses-fake/mailbox";
import { Client } from "../../support/http-client";
import { bodyShape, isSignedIn, logIn, PASSWORD, setupApp, signUp, uniqueEmail, uniqueIp } from "./fixtures";

const app = setupApp();
const fake = {
  get url() {
    return app.server.mailUrl;
  },
};
beforeAll(() => {
  process.env.DATABASE_URL = app.db.url; // for issuing tokens with a chosen clock below
});
afterAll(async () => {
  await disconnectPrisma();
});

const NEW_PASSWORD = "a brand new passphrase";

async function userId(email: string): Promise<string> {
  const [row] = await app.sql<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
  return row!.id;
}

async function requestReset(email: string, client = app.client()): Promise<Response> {
  return client.post("/forgot-password", { email });
}

async function latestResetLink(email: string): Promise<string> {
  const mail = await mailTo(fake.url, email);
  return linkIn(mail.at(-1), "/reset-password");
}

describe("asking for a reset", () => {
  it("answers the same for an account and for an unknown email; only the account gets mail", async () => {
    const known = uniqueEmail("known");
    await signUp(app.client(), known);
    const unknown = uniqueEmail("unknown");
    const a = await requestReset(known);
    const b = await requestReset(unknown);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const bodyA = bodyShape(await a.text(), known);
    const bodyB = bodyShape(await b.text(), unknown);
    expect(bodyA).toBe(bodyB);
    expect(bodyA).toContain("If EMAIL belongs to an account, we have sent it a link");

    expect(await mailTo(fake.url, unknown)).toHaveLength(0);
    const [mail] = (await mailTo(fake.url, known)).filter((m) => /reset your password/.test(m.subject));
    expect(mail?.subject).toBe("CalcApp: reset your password");
    expect(mail?.text).toContain("60 minutes");
    // Stored only as a hash.
    const token = new URLSearchParams(linkIn(mail, "/reset-password").split("?")[1]).get("token")!;
    const rows = await app.sql<{ token_hash: string }>("SELECT token_hash FROM account_tokens WHERE user_id = $1 AND purpose = 'password-reset'", [await userId(known)]);
    expect(rows.map((r) => r.token_hash)).toEqual([hashToken(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("sends nothing for a deleted account, with the same answer", async () => {
    const email = uniqueEmail("deleted");
    const client = app.client();
    await signUp(client, email);
    expect((await client.post("/account", { intent: "delete-account", password: PASSWORD })).status).toBe(302);
    const response = await requestReset(email);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`If ${email} belongs to an account`);
    expect((await mailTo(fake.url, email)).filter((m) => /reset your password/.test(m.subject))).toHaveLength(0);
  });

  it("takes as long for an unknown email as for an account", async () => {
    const accounts = await Promise.all([0, 1, 2, 3].map(async () => {
      const email = uniqueEmail("timed");
      await signUp(app.client(), email);
      return email;
    }));
    const timeOf = async (email: string) => {
      const started = performance.now();
      expect((await requestReset(email)).status).toBe(200);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const email of accounts) {
        known.push(await timeOf(email));
        unknown.push(await timeOf(uniqueEmail("nobody")));
      }
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    expect(Math.min(...unknown)).toBeGreaterThanOrEqual(395);
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(100);
  });

  it("limits requests: 3 per email an hour, 10 per address an hour, with Retry-After", async () => {
    const email = uniqueEmail("often");
    for (let i = 0; i < 3; i++) expect((await requestReset(email)).status).toBe(200);
    const refused = await requestReset(email);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3_500);
    expect(await refused.text()).toContain("Too many password reset requests. Try again in 1 hour.");

    const ip = uniqueIp();
    const at = () => new Client(app.server.url, { ip, secret: app.server.originSecret });
    for (let i = 0; i < 10; i++) expect((await requestReset(uniqueEmail("spray"), at())).status).toBe(200);
    const byAddress = await requestReset(uniqueEmail("spray"), at());
    expect(byAddress.status).toBe(429);
    expect(Number(byAddress.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("refuses bad input with a 400 and sends nothing", async () => {
    for (const form of [{}, { email: "not-an-email" }, { email: "x".repeat(300) + "@example.com" }]) {
      const response = await app.client().post("/forgot-password", form as Record<string, string>);
      expect(response.status, JSON.stringify(form)).toBe(400);
    }
    const huge = await app.client().post("/forgot-password", { email: "a@example.com", pad: "x".repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(await mailTo(fake.url, "a@example.com")).toHaveLength(0);
  });
});

describe("using the link", () => {
  it("sets a new password under the sign-up policy, ends every session, and works once", async () => {
    const email = uniqueEmail("reset");
    const phone = app.client();
    await signUp(phone, email);
    const laptop = app.client();
    expect((await logIn(laptop, email)).status).toBe(302);

    expect((await requestReset(email)).status).toBe(200);
    const link = await latestResetLink(email);
    const browser = app.client();
    const page = await browser.get(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="password"');
    const token = new URLSearchParams(link.split("?")[1]).get("token")!;

    // The policy of sign-up; a refused password leaves the link usable.
    for (const [password, message] of [["short", /at least 8 characters/], ["Password123", /too common/], [email, /email/i]] as const) {
      const refused = await browser.post("/reset-password", { token, password });
      expect(refused.status, password).toBe(400);
      expect(await refused.text()).toMatch(message);
    }

    const done = await browser.post("/reset-password", { token, password: NEW_PASSWORD });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/login?reset=1");
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(false);
    expect((await logIn(app.client(), email)).status).toBe(400); // the old password
    expect((await logIn(app.client(), email, NEW_PASSWORD)).status).toBe(302);

    // Used: the page and the form both refuse it, and the password stays.
    expect(await (await app.client().get(link)).text()).toContain("not valid any more");
    const again = await app.client().post("/reset-password", { token, password: "yet another passphrase" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("not valid any more");
    expect((await logIn(app.client(), email, NEW_PASSWORD)).status).toBe(302);
  });

  it("is invalidated by a newer request", async () => {
    const email = uniqueEmail("newer");
    await signUp(app.client(), email);
    await requestReset(email);
    const first = await latestResetLink(email);
    await requestReset(email);
    const second = await latestResetLink(email);
    expect(second).not.toBe(first);
    const token = (link: string) => new URLSearchParams(link.split("?")[1]).get("token")!;
    expect((await app.client().post("/reset-password", { token: token(first), password: NEW_PASSWORD })).status).toBe(400);
    expect((await app.client().post("/reset-password", { token: token(second), password: NEW_PASSWORD })).status).toBe(302);
  });

  it("is invalidated by a password change on /account", async () => {
    const email = uniqueEmail("changed");
    const client = app.client();
    await signUp(client, email);
    await requestReset(email);
    const link = await latestResetLink(email);
    const changed = await client.post("/account", { intent: "change-password", currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.status).toBe(200);
    const token = new URLSearchParams(link.split("?")[1]).get("token")!;
    const refused = await app.client().post("/reset-password", { token, password: "yet another passphrase" });
    expect(refused.status).toBe(400);
    expect((await logIn(app.client(), email, NEW_PASSWORD)).status).toBe(302);
  });

  it("expires after one hour (clock set back by issuing the token in the past)", async () => {
    const email = uniqueEmail("expiry");
    await signUp(app.client(), email);
    const id = await userId(email);
    const justValid = await issueToken(id, "password-reset", new Date(Date.now() - 59 * 60_000));
    expect(await (await app.client().get(`/reset-password?token=${justValid}`)).text()).toContain('name="password"');
    const expired = await issueToken(id, "password-reset", new Date(Date.now() - 61 * 60_000));
    expect(await (await app.client().get(`/reset-password?token=${expired}`)).text()).toContain("not valid any more");
    const refused = await app.client().post("/reset-password", { token: expired, password: NEW_PASSWORD });
    expect(refused.status).toBe(400);
    expect((await logIn(app.client(), email)).status).toBe(302); // nothing changed
  });

  it("refuses forged and malformed tokens with a 400, changing nothing", async () => {
    for (const token of ["", "abc", "x".repeat(43), "x".repeat(500)]) {
      const response = await app.client().post("/reset-password", { token, password: NEW_PASSWORD });
      expect(response.status, token.slice(0, 10)).toBe(400);
    }
    expect((await app.client().post("/reset-password", { password: NEW_PASSWORD })).status).toBe(400);
  });
});

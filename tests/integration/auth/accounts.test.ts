// Sign-up, login, logout, change password and account deletion through `npm start` over HTTP,
// on a fresh PostgreSQL database and the real Redis.
import { describe, expect, it } from "vitest";
import { setCookieAttributes } from "../../support/http-client";
import { mailTo } from "../../support/ses-fake/mailbox";
import { isSignedIn, logIn, PASSWORD, sessionIdOf, signUp, uniqueEmail, setupApp } from "./fixtures";

const app = setupApp();

const WRONG = /That email and password do not match an account/;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

describe("sign up", () => {
  it("creates the user with a normalised email and an argon2id hash, who can log in at once", async () => {
    const client = app.client();
    const email = uniqueEmail("signup");
    const response = await signUp(client, `  ${email.toUpperCase()} `);
    expect(response.headers.get("location")).toBe("/");
    const cookie = setCookieAttributes(response, "__session");
    expect(cookie).toMatchObject({ httponly: "true", samesite: "Lax", secure: "true", path: "/" });
    expect(cookie?.expires).toBeUndefined(); // no "remember me": a browser-session cookie

    const [row] = await app.sql<{ email: string; password_hash: string; deleted_at: Date | null }>(
      "SELECT email, password_hash, deleted_at FROM users WHERE email = $1",
      [email],
    );
    expect(row?.email).toBe(email);
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.password_hash).not.toContain(PASSWORD);
    expect(row?.deleted_at).toBeNull();

    const page = await client.get("/");
    expect(await page.text()).toMatch(new RegExp(`data-testid="nav-email"[^>]*>${email.replace(/[.+]/g, "\\$&")}<`));
  });

  it("answers a taken email, whatever its case, as a new one, and changes nothing", async () => {
    const email = uniqueEmail("dup");
    await signUp(app.client(), email);
    const again = app.client();
    const response = await again.post("/signup", { email: email.replace("dup", "DUP"), password: "another fine password" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Check your inbox");
    expect(again.cookies.has("__session")).toBe(false);
    const rows = await app.sql("SELECT id FROM users WHERE email = $1", [email]);
    expect(rows).toHaveLength(1);
    expect((await logIn(app.client(), email, "another fine password")).status).toBe(400);
    expect((await logIn(app.client(), email)).status).toBe(302);
  });

  it("explains bad input next to the field", async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ email: "not-an-email", password: PASSWORD }, /Enter a valid email address/],
      [{ email: uniqueEmail(), password: "short" }, /Use at least 8 characters/],
      [{ email: uniqueEmail(), password: "Password123" }, /too common/],
      [{ email: `${"a".repeat(250)}@example.com`, password: PASSWORD }, /at most 254 characters/],
    ];
    for (const [form, message] of cases) {
      const response = await app.client().post("/signup", form);
      expect(response.status, JSON.stringify(form)).toBe(400);
      const html = await response.text();
      expect(html).toMatch(message);
      expect(html).toMatch(/aria-invalid="true"/);
    }
  });

  it("refuses a huge field with a clear message and changes nothing", async () => {
    const client = app.client();
    const email = uniqueEmail("huge");
    const response = await client.post("/signup", { email, password: "x".repeat(100_000) });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("The form was too large");
    expect(client.cookies.has("__session")).toBe(false);
    expect(await app.sql("SELECT id FROM users WHERE email = $1", [email])).toHaveLength(0);
  });
});

describe("log in", () => {
  it("signs in with the right password and keeps only a signed session id in the cookie", async () => {
    const email = uniqueEmail("login");
    await signUp(app.client(), email);
    const client = app.client();
    const response = await logIn(client, email.toUpperCase());
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    const value = client.cookies.get("__session") as string;
    const id = sessionIdOf(value);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(value).not.toContain(email);
    const stored = JSON.parse((await app.redis.get(`session:${id}`)) as string) as { userId: string; email: string };
    expect(stored.email).toBe(email);
    expect(await app.redis.sismember(`user-sessions:${stored.userId}`, id)).toBe(1);
    expect(await isSignedIn(client)).toBe(true);

    // A forged signature is a guest, not an error.
    client.cookies.set("__session", value.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
    expect(await isSignedIn(client)).toBe(false);
  });

  it("answers an unknown email and a wrong password the same way, in similar time", async () => {
    const users = [uniqueEmail("timing"), uniqueEmail("timing")];
    for (const email of users) await signUp(app.client(), email);
    const attempt = async (email: string, password: string) => {
      const started = performance.now();
      const response = await logIn(app.client(), email, password);
      const elapsed = performance.now() - started;
      return { status: response.status, text: await response.text(), elapsed };
    };
    await attempt(uniqueEmail("warm"), "warm up the container"); // first use loads hashing and Prisma
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 8; i++) {
      // Four wrong passwords per user stay under the per-email limit (five).
      const a = await attempt(uniqueEmail("nobody"), "not a real password");
      const b = await attempt(users[i % 2] as string, "not the right password");
      expect(a.status).toBe(400);
      expect(b.status).toBe(400);
      expect(a.text).toMatch(WRONG);
      expect(b.text).toMatch(WRONG);
      unknown.push(a.elapsed);
      wrong.push(b.elapsed);
    }
    const [fast, slow] = [median(unknown), median(wrong)].sort((x, y) => x - y) as [number, number];
    // Both pay one argon2id verification (tens of ms); skipping it for unknown emails would make
    // one median a fraction of the other.
    expect(fast / slow, `medians: unknown ${median(unknown).toFixed(1)} ms, wrong password ${median(wrong).toFixed(1)} ms`).toBeGreaterThan(0.6);
  });

  it("follows redirectTo only to local paths", async () => {
    const email = uniqueEmail("redirect");
    await signUp(app.client(), email);
    for (const [redirectTo, location] of [
      ["/account", "/account"],
      ["//evil.com", "/"],
      ["/\\evil.com", "/"],
      ["https://evil.com/", "/"],
      ["/\t/evil.com", "/"],
    ]) {
      const response = await logIn(app.client(), email, PASSWORD, { redirectTo: redirectTo as string });
      expect(response.status, redirectTo).toBe(302);
      expect(response.headers.get("location"), redirectTo).toBe(location);
    }
    const page = await app.client().get(`/login?redirectTo=${encodeURIComponent("//evil.com")}`);
    expect(await page.text()).toContain('name="redirectTo" value=""');
  });

  it("keeps a remembered session for JWT_REFRESH_EXPIRY, others for JWT_ACCESS_EXPIRY", async () => {
    const email = uniqueEmail("remember");
    await signUp(app.client(), email);
    const day = 86_400_000;

    const plain = app.client();
    const plainCookie = setCookieAttributes(await logIn(plain, email), "__session");
    expect(plainCookie?.expires).toBeUndefined();
    const plainTtl = await app.redis.pttl(`session:${sessionIdOf(plain.cookies.get("__session") as string)}`);
    expect(plainTtl).toBeGreaterThan(7 * day - 60_000);
    expect(plainTtl).toBeLessThanOrEqual(7 * day);

    const remembered = app.client();
    const rememberedCookie = setCookieAttributes(await logIn(remembered, email, PASSWORD, { remember: "on" }), "__session");
    const expires = new Date(rememberedCookie?.expires ?? 0).getTime();
    expect(Math.abs(expires - (Date.now() + 30 * day))).toBeLessThan(120_000);
    const rememberedTtl = await app.redis.pttl(`session:${sessionIdOf(remembered.cookies.get("__session") as string)}`);
    expect(rememberedTtl).toBeGreaterThan(30 * day - 60_000);
    expect(rememberedTtl).toBeLessThanOrEqual(30 * day);
  });
});

describe("log out", () => {
  it("deletes the session on the server, not just the cookie", async () => {
    const email = uniqueEmail("logout");
    const client = app.client();
    await signUp(client, email);
    const value = client.cookies.get("__session") as string;
    const response = await client.post("/logout", {});
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    expect(client.cookies.has("__session")).toBe(false);
    expect(await app.redis.exists(`session:${sessionIdOf(value)}`)).toBe(0);
    // Replaying the old cookie does not sign anyone in.
    client.cookies.set("__session", value);
    expect(await isSignedIn(client)).toBe(false);
  });

  it("logs out everywhere: every session of the user ends", async () => {
    const email = uniqueEmail("everywhere");
    const laptop = app.client();
    await signUp(laptop, email);
    const phone = app.client();
    expect((await logIn(phone, email)).status).toBe(302);
    const other = app.client();
    const someoneElse = uniqueEmail("bystander");
    await signUp(other, someoneElse);

    const response = await laptop.post("/account", { intent: "logout-everywhere" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?loggedOut=everywhere");
    expect(await isSignedIn(laptop)).toBe(false);
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(other)).toBe(true); // nobody else's
    const [user] = await app.sql<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
    expect(await app.redis.exists(`user-sessions:${user?.id}`)).toBe(0);
  });
});

describe("account", () => {
  it("changes the password only with the current one, and ends the other sessions", async () => {
    const email = uniqueEmail("change");
    const here = app.client();
    await signUp(here, email);
    const elsewhere = app.client();
    expect((await logIn(elsewhere, email)).status).toBe(302);

    const wrong = await here.post("/account", { intent: "change-password", currentPassword: "not it at all", newPassword: "a brand new passphrase" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("That is not your current password.");
    const common = await here.post("/account", { intent: "change-password", currentPassword: PASSWORD, newPassword: "iloveyou" });
    expect(common.status).toBe(400);
    expect(await common.text()).toContain("too common");
    expect(await isSignedIn(elsewhere)).toBe(true);

    const ok = await here.post("/account", { intent: "change-password", currentPassword: PASSWORD, newPassword: "a brand new passphrase" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Your password was changed. 1 other session was logged out.");
    expect(await isSignedIn(here)).toBe(true);
    expect(await isSignedIn(elsewhere)).toBe(false);
    expect((await logIn(app.client(), email, PASSWORD)).status).toBe(400);
    expect((await logIn(app.client(), email, "a brand new passphrase")).status).toBe(302);
  });

  it("deletes the account softly: the row stays, its sessions end, and it can no longer log in", async () => {
    const email = uniqueEmail("delete");
    const client = app.client();
    await signUp(client, email);
    const second = app.client();
    expect((await logIn(second, email)).status).toBe(302);

    const refused = await client.post("/account", { intent: "delete-account", password: "wrong password here" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("That is not your current password.");

    const response = await client.post("/account", { intent: "delete-account", password: PASSWORD });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?deleted=1");
    const [row] = await app.sql<{ deleted_at: Date | null }>("SELECT deleted_at FROM users WHERE email = $1", [email]);
    expect(row?.deleted_at).toBeInstanceOf(Date);
    expect(await isSignedIn(client)).toBe(false);
    expect(await isSignedIn(second)).toBe(false);

    const login = await logIn(app.client(), email);
    expect(login.status).toBe(400);
    expect(await login.text()).toMatch(WRONG); // the same answer as for an unknown email
    // The address stays taken until the purge job removes the row (30 days); sign-up says what it
    // says for any address, and the mail tells the owner when it can be used again.
    const again = await app.client().post("/signup", { email, password: "another fine password" });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("Check your inbox");
    expect(await app.sql("SELECT id FROM users WHERE email = $1", [email])).toHaveLength(1);
    expect((await logIn(app.client(), email, "another fine password")).status).toBe(400);
    const mail = await mailTo(app.server.mailUrl, email);
    expect(mail.at(-1)?.text).toContain("Its account was deleted; the address can be used again from");
  });

  it("sends a guest to the login page and back", async () => {
    const response = await app.client().get("/account");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
  });
});

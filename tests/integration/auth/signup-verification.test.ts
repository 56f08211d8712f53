// Sign-up that does not reveal accounts, and email verification, over HTTP through `npm start`
// with the mail read from the loopback SES fake. Expiry with a controlled clock: tokens issued
// "in the past" by the module the server uses, on the same database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueToken } from "../../../app/lib/auth/account-tokens.server";
import { disconnectPrisma } from "../../../app/lib/db/client.server";
import { linkIn, mailTo } from "../../support/ses-fake/mailbox";
import { bodyShape, isSignedIn, logIn, PASSWORD, setupApp, signUp, uniqueEmail } from "./fixtures";

const app = setupApp();
beforeAll(() => {
  process.env.DATABASE_URL = app.db.url;
});
afterAll(() => disconnectPrisma());

const verifiedAt = async (email: string) =>
  (await app.sql<{ email_verified_at: Date | null }>("SELECT email_verified_at FROM users WHERE email = $1", [email]))[0]?.email_verified_at;

describe("sign-up", () => {
  it("answers 'check your inbox' without a session; the new account is unverified, can log in at once, and gets a link", async () => {
    const email = uniqueEmail("new");
    const client = app.client();
    const response = await client.post("/signup", { email, password: PASSWORD });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`Check your inbox: we have sent a message to ${email}`);
    expect(client.cookies.has("__session")).toBe(false);
    expect(await verifiedAt(email)).toBeNull();

    const [mail] = await mailTo(app.server.mailUrl, email);
    expect(mail?.subject).toBe("CalcApp: confirm your email address");
    const link = linkIn(mail, "/verify-email");

    expect((await logIn(client, email)).status).toBe(302);
    const account = await (await client.get("/account")).text();
    expect(account).toContain("is not confirmed yet");
    expect((await client.get("/history")).status).toBe(200); // history works before confirming

    const opened = await client.get(link);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/account?verified=1");
    expect(await verifiedAt(email)).toBeInstanceOf(Date);
    expect(await (await client.get("/account?verified=1")).text()).toContain("your email address is confirmed");

    const again = await app.client().get(link);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("not valid any more");
  });

  it("sends a browser that is not signed in on to log in", async () => {
    const email = uniqueEmail("elsewhere");
    await app.client().post("/signup", { email, password: PASSWORD });
    const link = linkIn((await mailTo(app.server.mailUrl, email))[0], "/verify-email");
    const opened = await app.client().get(link);
    expect(opened.headers.get("location")).toBe("/login?verified=1");
    expect(await verifiedAt(email)).toBeInstanceOf(Date);
  });

  it("mails the owner of a taken address a working reset link, and changes nothing else", async () => {
    const email = uniqueEmail("owner");
    const owner = app.client();
    await signUp(owner, email);
    const intruder = app.client();
    const response = await intruder.post("/signup", { email, password: "the intruder's password" });
    expect(response.status).toBe(200);
    expect(intruder.cookies.has("__session")).toBe(false);
    expect(await isSignedIn(owner)).toBe(true);
    expect((await logIn(app.client(), email, "the intruder's password")).status).toBe(400);

    const mail = (await mailTo(app.server.mailUrl, email)).at(-1);
    expect(mail?.subject).toBe("CalcApp: someone tried to sign up with your address");
    const reset = linkIn(mail, "/reset-password");
    const token = new URLSearchParams(reset.split("?")[1]).get("token")!;
    expect((await app.client().post("/reset-password", { token, password: "the owner's new passphrase" })).status).toBe(302);
    expect((await logIn(app.client(), email, "the owner's new passphrase")).status).toBe(302);
  });

  it("gives existing and new emails identical status and body shape, in comparable time, over 50 tries each", { timeout: 180_000 }, async () => {
    // Ten accounts, five tries each (the per-email limit is five an hour).
    const existing: string[] = [];
    for (let i = 0; i < 10; i++) {
      const email = uniqueEmail("exists");
      await app.sql("INSERT INTO users (id, email, password_hash, updated_at) VALUES (gen_random_uuid()::text, $1, 'x', now())", [email]);
      existing.push(email);
    }
    const attempt = async (email: string) => {
      const started = performance.now();
      const response = await app.client().post("/signup", { email, password: "a password for enumeration" });
      const elapsed = performance.now() - started;
      return { status: response.status, shape: bodyShape(await response.text(), email), elapsed, cookie: response.headers.getSetCookie().length };
    };
    await attempt(uniqueEmail("warm")); // the first request loads hashing, Prisma and the SDK
    const old: Awaited<ReturnType<typeof attempt>>[] = [];
    const fresh: Awaited<ReturnType<typeof attempt>>[] = [];
    for (let i = 0; i < 50; i++) {
      old.push(await attempt(existing[i % 10]!));
      fresh.push(await attempt(uniqueEmail("fresh")));
    }
    const reference = fresh[0]!;
    for (const result of [...old, ...fresh]) {
      expect(result.status).toBe(200);
      expect(result.shape).toBe(reference.shape);
      expect(result.cookie).toBe(0);
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    const [a, b] = [median(old.map((r) => r.elapsed)), median(fresh.map((r) => r.elapsed))];
    expect(Math.abs(a - b), `medians: existing ${a.toFixed(1)} ms, new ${b.toFixed(1)} ms`).toBeLessThan(60);
  });
});

describe("verification", () => {
  it("re-sends the link from /account (the older one stops working), at most 3 an hour", async () => {
    const email = uniqueEmail("resend");
    const client = app.client();
    await signUp(client, email);
    const first = linkIn((await mailTo(app.server.mailUrl, email))[0], "/verify-email");
    const resent = await client.post("/account", { intent: "resend-verification" });
    expect(resent.status).toBe(200);
    expect(await resent.text()).toContain(`We sent a new confirmation link to ${email}`);
    const second = linkIn((await mailTo(app.server.mailUrl, email)).at(-1), "/verify-email");
    expect(second).not.toBe(first);
    expect(await (await app.client().get(first)).text()).toContain("not valid any more");

    for (let i = 0; i < 2; i++) expect((await client.post("/account", { intent: "resend-verification" })).status).toBe(200);
    const refused = await client.post("/account", { intent: "resend-verification" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

    const latest = linkIn((await mailTo(app.server.mailUrl, email)).at(-1), "/verify-email");
    expect((await client.get(latest)).status).toBe(302);
    const done = await client.post("/account", { intent: "resend-verification" });
    expect(done.status).toBe(400);
    expect(await done.text()).toContain("already confirmed");
  });

  it("expires after 24 hours (clock set back by issuing the token in the past)", async () => {
    const email = uniqueEmail("late");
    await signUp(app.client(), email);
    const [row] = await app.sql<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
    const expired = await issueToken(row!.id, "verify-email", new Date(Date.now() - 24 * 3_600_000 - 60_000));
    expect(await (await app.client().get(`/verify-email?token=${expired}`)).text()).toContain("not valid any more");
    expect(await verifiedAt(email)).toBeNull();
    const valid = await issueToken(row!.id, "verify-email", new Date(Date.now() - 23 * 3_600_000));
    expect((await app.client().get(`/verify-email?token=${valid}`)).status).toBe(302);
    expect(await verifiedAt(email)).toBeInstanceOf(Date);
  });

  it("treats a malformed token as not valid, changing nothing", async () => {
    for (const token of ["", "abc", "%00", "x".repeat(2_000)]) {
      const response = await app.client().get(`/verify-email?token=${token}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("not valid any more");
    }
  });
});

describe("changing the email", () => {
  it("sends a link to the new address, tells the old one, and changes only when the link is opened", async () => {
    const email = uniqueEmail("mover");
    const client = app.client();
    await signUp(client, email);
    const other = app.client();
    expect((await logIn(other, email)).status).toBe(302);
    const newEmail = uniqueEmail("moved");

    expect((await client.post("/account", { intent: "change-email", newEmail, password: "not my password" })).status).toBe(400);
    expect((await client.post("/account", { intent: "change-email", newEmail: "not-an-email", password: PASSWORD })).status).toBe(400);
    const requested = await client.post("/account", { intent: "change-email", newEmail, password: PASSWORD });
    expect(requested.status).toBe(200);
    expect(await requested.text()).toContain(`We sent a link to ${newEmail}`);
    expect(await app.sql("SELECT id FROM users WHERE email = $1", [email])).toHaveLength(1); // not yet

    const told = (await mailTo(app.server.mailUrl, email)).at(-1);
    expect(told?.subject).toBe("CalcApp: your sign-in email is changing");
    expect(told?.text).toContain(`${newEmail[0]}…@example.com`);
    const link = linkIn((await mailTo(app.server.mailUrl, newEmail)).at(-1), "/confirm-email");

    const opened = await app.client().get(link);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/login?emailChanged=1");
    expect(await verifiedAt(newEmail)).toBeInstanceOf(Date);
    expect(await app.sql("SELECT id FROM users WHERE email = $1", [email])).toHaveLength(0);
    expect(await isSignedIn(client)).toBe(false);
    expect(await isSignedIn(other)).toBe(false);
    expect((await logIn(app.client(), newEmail)).status).toBe(302);
    expect(await (await app.client().get(link)).text()).toContain("not valid any more");
  });

  it("answers the same for a taken address, sends it no link, and changes nothing", async () => {
    const email = uniqueEmail("stay");
    const client = app.client();
    await signUp(client, email);
    const taken = uniqueEmail("taken");
    await signUp(app.client(), taken);
    const before = (await mailTo(app.server.mailUrl, taken)).length;
    const response = await client.post("/account", { intent: "change-email", newEmail: taken, password: PASSWORD });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`We sent a link to ${taken}`);
    expect(await mailTo(app.server.mailUrl, taken)).toHaveLength(before);
    expect(await isSignedIn(client)).toBe(true);
  });
});

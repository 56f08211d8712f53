// Tokens under a controllable clock (the process's Date is faked; Redis and PostgreSQL are real):
// expiry, rotation of refresh tokens, reuse detection, revocation, signing-key rotation, and
// tampered tokens, each answered 401 with a Bearer challenge. Every response is checked against
// the OpenAPI description (helpers.ts).
import { generateTOTP } from "@epic-web/totp";
import { SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { softDeleteUser } from "../../../app/lib/auth/users.server";
import { getPrisma } from "../../../app/lib/db/client.server";
import { revokeUserTokens } from "../../../app/lib/tokens/revoke.server";
import { setUpHistoryTestEnv, type HistoryTestEnv } from "../history/helpers";
import { api, createUser, keysValue, PASSWORD, signIn, signingKey } from "./helpers";

const DAY = 24 * 60 * 60 * 1000;
const keyA = signingKey("key-a");
const keyB = signingKey("key-b");
let env: HistoryTestEnv;

beforeAll(async () => {
  env = await setUpHistoryTestEnv();
  process.env.JWT_SIGNING_KEYS = keysValue(keyA);
});
afterAll(async () => {
  delete process.env.JWT_SIGNING_KEYS;
  await env?.close();
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T12:00:00Z") });
  process.env.JWT_SIGNING_KEYS = keysValue(keyA);
});
afterEach(() => {
  vi.useRealTimers();
});

const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

function expectUnauthorized(answer: { status: number; headers: Headers; body: unknown }, code: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(401);
  expect((answer.body as { code: string }).code).toBe(code);
  expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer realm="calcapp"/);
}

describe("POST /v1/auth/token", () => {
  it("gives an access JWT with iss, aud, sub, iat, exp and a kid, and an opaque refresh token, for 7 and 30 days", async () => {
    const user = await createUser();
    const tokens = await signIn(user.email);
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.expires_in).toBe(7 * 24 * 3600);
    expect(tokens.refresh_expires_in).toBe(30 * 24 * 3600);
    expect(decodeProtectedHeader(tokens.access_token)).toEqual({ alg: "HS256", typ: "at+jwt", kid: "key-a" });
    const claims = decodeJwt(tokens.access_token);
    const now = Math.floor(Date.now() / 1000);
    expect(claims).toMatchObject({ iss: "calcapp", aud: "calcapp-api", sub: user.id, iat: now, exp: now + 7 * 24 * 3600 });
    expect(typeof claims.sid).toBe("string");
    const me = await api("GET", "/v1/me", { token: tokens.access_token });
    expect(me.body).toMatchObject({ id: user.id, email: user.email, plan: "free" });
  });

  it("refuses a wrong password, an unknown email and bad input, and counts failures per email (429 with Retry-After)", async () => {
    const user = await createUser();
    expectUnauthorized(await api("POST", "/v1/auth/token", { json: { email: user.email, password: "wrong password" } }), "invalid_credentials");
    expectUnauthorized(await api("POST", "/v1/auth/token", { json: { email: "nobody@example.com", password: "whatever" } }), "invalid_credentials");
    expect((await api("POST", "/v1/auth/token", { json: { email: "not an email", password: "x" } })).status).toBe(400);
    expect((await api("POST", "/v1/auth/token", { json: [] })).status).toBe(400);
    expect((await api("POST", "/v1/auth/token", { headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await api("GET", "/v1/auth/token")).status).toBe(405);
    // The login form's limits (decision 016): per (email, address) after 5, and per email after
    // 10 free failures from anywhere. An API client is never a known browser.
    let limited = await api("POST", "/v1/auth/token", { json: { email: user.email, password: "wrong again" } });
    for (let i = 0; i < 12 && limited.status === 401; i++) limited = await api("POST", "/v1/auth/token", { json: { email: user.email, password: "wrong again" } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("POST /v1/auth/token with two-factor sign-in on", () => {
  const TOTP = { algorithm: "SHA-1", period: 30, digits: 6, charSet: "0123456789" } as const;
  const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  it("asks for the code, refuses a wrong one, and signs in with the current code (once)", async () => {
    const user = await createUser();
    const prisma = await getPrisma();
    await prisma.user.update({ where: { id: user.id }, data: { totpSecret: SECRET } });
    expectUnauthorized(await api("POST", "/v1/auth/token", { json: { email: user.email, password: PASSWORD } }), "two_factor_required");
    expectUnauthorized(await api("POST", "/v1/auth/token", { json: { email: user.email, password: PASSWORD, totp: "000000" } }), "invalid_two_factor_code");
    // The right code with a wrong password is still a wrong password: the code proves nothing alone.
    const { otp } = await generateTOTP({ ...TOTP, secret: SECRET });
    expectUnauthorized(await api("POST", "/v1/auth/token", { json: { email: user.email, password: "wrong password", totp: otp } }), "invalid_credentials");
    const signedIn = await api("POST", "/v1/auth/token", { json: { email: user.email, password: PASSWORD, totp: otp } });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    // The same code again is a replay.
    expectUnauthorized(await api("POST", "/v1/auth/token", { json: { email: user.email, password: PASSWORD, totp: otp } }), "invalid_two_factor_code");
  });
});

describe("access tokens", () => {
  it("expire after JWT_ACCESS_EXPIRY: 401 expired_token, and a refresh gives a working one", async () => {
    const user = await createUser();
    const tokens = await signIn(user.email);
    advance(7 * DAY - 1000);
    expect((await api("GET", "/v1/me", { token: tokens.access_token })).status).toBe(200);
    advance(2000);
    const expired = await api("GET", "/v1/me", { token: tokens.access_token });
    expectUnauthorized(expired, "expired_token");
    expect(expired.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const refreshed = await api("POST", "/v1/auth/refresh", { json: { refresh_token: tokens.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect((await api("GET", "/v1/me", { token: (refreshed.body as { access_token: string }).access_token })).status).toBe(200);
  });

  it("without a token: 401 missing_token with a bare Bearer challenge; a malformed header: invalid_token", async () => {
    const missing = await api("GET", "/v1/me");
    expectUnauthorized(missing, "missing_token");
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="calcapp"');
    expectUnauthorized(await api("GET", "/v1/history", { headers: { authorization: "Basic dXNlcjpwYXNz" } }), "invalid_token");
    expectUnauthorized(await api("GET", "/v1/history", { headers: { authorization: "Bearer" } }), "invalid_token");
  });

  it("refuses tampered tokens: a changed payload, alg none, an unknown kid, a forged signature, another algorithm, wrong aud or iss, a missing sid", async () => {
    const user = await createUser();
    const other = await createUser();
    const tokens = await signIn(user.email);
    const [header, payload] = tokens.access_token.split(".") as [string, string, string];
    const claims = decodeJwt(tokens.access_token);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const signature = tokens.access_token.split(".")[2];
    const key = (secret: string) => new TextEncoder().encode(secret);
    const sign = (body: Record<string, unknown>, head: { alg: string; kid?: string; typ?: string }, secret = keyA.secret) =>
      new SignJWT(body).setProtectedHeader({ typ: "at+jwt", kid: "key-a", ...head }).sign(key(secret));

    const tampered: Record<string, string> = {
      "changed payload": `${header}.${b64({ ...claims, sub: other.id })}.${signature}`,
      "alg none": `${b64({ alg: "none", typ: "at+jwt", kid: "key-a" })}.${payload}.`,
      "unknown kid": await sign(claims, { alg: "HS256", kid: "key-x" }),
      "no kid": await sign(claims, { alg: "HS256", kid: undefined }),
      "forged signature": await sign(claims, { alg: "HS256" }, "x".repeat(48)),
      "HS512 with the real key": await sign(claims, { alg: "HS512" }),
      "wrong audience": await sign({ ...claims, aud: "someone-else" }, { alg: "HS256" }),
      "wrong issuer": await sign({ ...claims, iss: "https://evil.example" }, { alg: "HS256" }),
      "no sid": await sign({ ...claims, sid: undefined }, { alg: "HS256" }),
      "another type": await sign(claims, { alg: "HS256", typ: "JWT" }),
      "not a JWT": "abc.def.ghi",
    };
    for (const [name, token] of Object.entries(tampered)) {
      const answer = await api("GET", "/v1/me", { token });
      expect(answer.status, name).toBe(401);
      expect((answer.body as { code: string }).code, name).toBe("invalid_token");
    }
    // The real key with the real claims still works: the refusals above are the tampering.
    expect((await api("GET", "/v1/me", { token: await sign(claims, { alg: "HS256" }) })).status).toBe(200);
    const expired = await sign({ ...claims, iat: Math.floor(Date.now() / 1000) - 100, exp: Math.floor(Date.now() / 1000) - 1 }, { alg: "HS256" });
    expectUnauthorized(await api("GET", "/v1/me", { token: expired }), "expired_token");
  });

  it("stay valid while their key is still listed after a rotation, and stop once it is removed", async () => {
    const user = await createUser();
    const old = await signIn(user.email);
    process.env.JWT_SIGNING_KEYS = keysValue(keyB, keyA);
    expect((await api("GET", "/v1/me", { token: old.access_token })).status).toBe(200);
    const fresh = await signIn(user.email);
    expect(decodeProtectedHeader(fresh.access_token).kid).toBe("key-b");
    process.env.JWT_SIGNING_KEYS = keysValue(keyB);
    expectUnauthorized(await api("GET", "/v1/me", { token: old.access_token }), "invalid_token");
    expect((await api("GET", "/v1/me", { token: fresh.access_token })).status).toBe(200);
  });
});

describe("refresh tokens", () => {
  it("rotate on every use: the new pair works, the spent token does not", async () => {
    const user = await createUser();
    const first = await signIn(user.email);
    advance(DAY);
    const second = await api("POST", "/v1/auth/refresh", { json: { refresh_token: first.refresh_token } });
    expect(second.status).toBe(200);
    const pair = second.body as { access_token: string; refresh_token: string };
    expect(pair.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(pair.access_token).sid).toBe(decodeJwt(first.access_token).sid);
    const third = await api("POST", "/v1/auth/refresh", { json: { refresh_token: pair.refresh_token } });
    expect(third.status).toBe(200);
  });

  it("revoke the whole family when a spent one is used again (theft): every token of that sign-in stops, other sign-ins do not", async () => {
    const user = await createUser();
    const stolen = await signIn(user.email);
    const otherDevice = await signIn(user.email);
    const legit = (await api("POST", "/v1/auth/refresh", { json: { refresh_token: stolen.refresh_token } })).body as { access_token: string; refresh_token: string };
    expect((await api("GET", "/v1/me", { token: legit.access_token })).status).toBe(200);

    const replay = await api("POST", "/v1/auth/refresh", { json: { refresh_token: stolen.refresh_token } });
    expectUnauthorized(replay, "invalid_grant");
    expect((replay.body as { detail: string }).detail).toMatch(/already used/);
    // The family is gone: its newest refresh token and its access tokens too.
    expectUnauthorized(await api("POST", "/v1/auth/refresh", { json: { refresh_token: legit.refresh_token } }), "invalid_grant");
    expectUnauthorized(await api("GET", "/v1/me", { token: legit.access_token }), "invalid_token");
    expectUnauthorized(await api("GET", "/v1/me", { token: stolen.access_token }), "invalid_token");
    // Another sign-in of the same user is untouched.
    expect((await api("GET", "/v1/me", { token: otherDevice.access_token })).status).toBe(200);
    expect((await api("POST", "/v1/auth/refresh", { json: { refresh_token: otherDevice.refresh_token } })).status).toBe(200);
  });

  it("count two concurrent uses of one token as a reuse", async () => {
    const user = await createUser();
    const tokens = await signIn(user.email);
    const answers = await Promise.all([1, 2].map(() => api("POST", "/v1/auth/refresh", { json: { refresh_token: tokens.refresh_token } })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 401]);
    const winner = answers.find((answer) => answer.status === 200)?.body as { refresh_token: string };
    expectUnauthorized(await api("POST", "/v1/auth/refresh", { json: { refresh_token: winner.refresh_token } }), "invalid_grant");
  });

  it("expire after JWT_REFRESH_EXPIRY, each new one lasting 30 days from its own issue", async () => {
    const user = await createUser();
    const first = await signIn(user.email);
    advance(29 * DAY);
    const second = (await api("POST", "/v1/auth/refresh", { json: { refresh_token: first.refresh_token } })).body as { refresh_token: string };
    advance(29 * DAY);
    const third = await api("POST", "/v1/auth/refresh", { json: { refresh_token: second.refresh_token } });
    expect(third.status).toBe(200);
    advance(30 * DAY + 1000);
    const late = await api("POST", "/v1/auth/refresh", { json: { refresh_token: (third.body as { refresh_token: string }).refresh_token } });
    expectUnauthorized(late, "invalid_grant");
    expect((late.body as { detail: string }).detail).toMatch(/expired/);
  });

  it("refuse made-up and malformed tokens without revoking anything", async () => {
    const user = await createUser();
    const tokens = await signIn(user.email);
    const family = tokens.refresh_token.slice(0, tokens.refresh_token.indexOf("."));
    expectUnauthorized(await api("POST", "/v1/auth/refresh", { json: { refresh_token: `${family}.${"A".repeat(43)}` } }), "invalid_grant");
    expectUnauthorized(await api("POST", "/v1/auth/refresh", { json: { refresh_token: "rt_nope" } }), "invalid_grant");
    expect((await api("POST", "/v1/auth/refresh", { json: { refresh_token: 42 } })).status).toBe(400);
    expect((await api("POST", "/v1/auth/refresh", { json: { token: tokens.refresh_token } })).status).toBe(400);
    // A guess naming the family revoked nothing.
    expect((await api("POST", "/v1/auth/refresh", { json: { refresh_token: tokens.refresh_token } })).status).toBe(200);
  });
});

describe("revocation", () => {
  it("POST /v1/auth/logout revokes this sign-in's access and refresh tokens, not the others", async () => {
    const user = await createUser();
    const phone = await signIn(user.email);
    const laptop = await signIn(user.email);
    const answer = await api("POST", "/v1/auth/logout", { token: phone.access_token });
    expect(answer.status).toBe(204);
    expectUnauthorized(await api("GET", "/v1/me", { token: phone.access_token }), "invalid_token");
    expectUnauthorized(await api("POST", "/v1/auth/refresh", { json: { refresh_token: phone.refresh_token } }), "invalid_grant");
    expect((await api("GET", "/v1/me", { token: laptop.access_token })).status).toBe(200);
    expectUnauthorized(await api("POST", "/v1/auth/logout"), "missing_token");
    expect((await api("POST", "/v1/auth/logout", { token: laptop.access_token, json: { everywhere: "yes" } })).status).toBe(400);
  });

  it('{"everywhere": true} and revokeUserTokens (password change, "log out everywhere" on /account) end every sign-in of the user only', async () => {
    const user = await createUser();
    const bystander = await createUser();
    const theirs = await signIn(bystander.email);
    const a = await signIn(user.email);
    const b = await signIn(user.email);
    expect((await api("POST", "/v1/auth/logout", { token: a.access_token, json: { everywhere: true } })).status).toBe(204);
    for (const tokens of [a, b]) expectUnauthorized(await api("GET", "/v1/me", { token: tokens.access_token }), "invalid_token");

    const c = await signIn(user.email);
    const d = await signIn(user.email);
    expect(await revokeUserTokens(user.id)).toBe(2);
    for (const tokens of [c, d]) {
      expectUnauthorized(await api("GET", "/v1/history", { token: tokens.access_token }), "invalid_token");
      expectUnauthorized(await api("POST", "/v1/auth/refresh", { json: { refresh_token: tokens.refresh_token } }), "invalid_grant");
    }
    expect((await api("GET", "/v1/me", { token: theirs.access_token })).status).toBe(200);
  });

  it("a deleted account's tokens stop working at once, even before anything revokes them", async () => {
    const user = await createUser();
    const tokens = await signIn(user.email);
    expect(await softDeleteUser(user.id)).toBe(true);
    expectUnauthorized(await api("GET", "/v1/me", { token: tokens.access_token }), "invalid_token");
    expectUnauthorized(await api("GET", "/v1/history", { token: tokens.access_token }), "invalid_token");
    expectUnauthorized(await api("POST", "/v1/auth/refresh", { json: { refresh_token: tokens.refresh_token } }), "invalid_grant");
    expectUnauthorized(await api("POST", "/v1/auth/token", { json: { email: user.email, password: "correct horse battery staple" } }), "invalid_credentials");
  });
});

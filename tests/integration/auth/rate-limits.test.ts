// Rate limits in Redis, over real HTTP: login per (email, IP) and per IP (the owner-safe parts are
// in lockout.test.ts), sign-up per IP, the JSON API
// per IP; client addresses only from CloudFront-Viewer-Address with the origin secret.
import { describe, expect, it } from "vitest";
import { rateLimitKey } from "../../../app/lib/rate-limit/limiter.server";
import { RATE_LIMITS } from "../../../app/lib/rate-limit/rules";
import { Client } from "../../support/http-client";
import { logIn, PASSWORD, signUp, uniqueEmail, uniqueIp, setupApp } from "./fixtures";

const app = setupApp();

/** A client at a fixed address, with an empty cookie jar each call. */
function at(ip: string): () => Client {
  return () => new Client(app.server.url, { ip, secret: app.server.originSecret });
}

describe("login", () => {
  it("allows 5 attempts per email from one address in 15 minutes, then 429 with Retry-After there only", async () => {
    const email = uniqueEmail("limited");
    await signUp(app.client(), email);
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) expect((await logIn(at(ip)(), email, "wrong password!")).status).toBe(400);
    const refused = await logIn(at(ip)(), email); // right password, same address, unknown browser
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(await refused.text()).toContain("Too many login attempts. Try again in 15 minutes.");
    expect((await logIn(app.client(), email)).status).toBe(302); // another address

    // The count lives in Redis for the window; when it ends (the key expires), that address works again.
    const key = rateLimitKey(RATE_LIMITS.loginEmailIp, `${email}|${ip}`);
    expect(await app.redis.get(key)).toBe("6");
    expect(await app.redis.pttl(key)).toBeGreaterThan(890_000);
    await app.redis.pexpire(key, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await logIn(at(ip)(), email)).status).toBe(302);
  });

  it("starts counting again after a successful login", async () => {
    const email = uniqueEmail("reset");
    await signUp(app.client(), email);
    const ip = uniqueIp();
    for (let i = 0; i < 4; i++) expect((await logIn(at(ip)(), email, "wrong password!")).status).toBe(400);
    expect((await logIn(at(ip)(), email)).status).toBe(302);
    for (let i = 0; i < 5; i++) expect((await logIn(at(ip)(), email, "wrong password!")).status, `attempt ${i + 1}`).toBe(400);
    expect((await logIn(at(ip)(), email, "wrong password!")).status).toBe(429);
  });

  it("allows 20 attempts per address in 15 minutes", async () => {
    const browser = at(uniqueIp());
    for (let i = 0; i < 20; i++) expect((await logIn(browser(), uniqueEmail("spray"), PASSWORD)).status, `attempt ${i + 1}`).toBe(400);
    const refused = await logIn(browser(), uniqueEmail("spray"), PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await logIn(app.client(), uniqueEmail("other"), PASSWORD)).status).toBe(400); // another address
  });
});

describe("sign-up", () => {
  it("allows 5 sign-ups per address an hour", async () => {
    const browser = at(uniqueIp());
    for (let i = 0; i < 5; i++) await signUp(browser(), uniqueEmail("many"));
    const refused = await browser().post("/signup", { email: uniqueEmail("many"), password: PASSWORD });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3_500);
    expect(retryAfter).toBeLessThanOrEqual(3_600);
    expect(await refused.text()).toContain("Too many sign-up attempts. Try again in 1 hour.");
  });
});

describe("POST /v1/calculate", () => {
  it("allows 120 a minute per address, counting by API Gateway's source when no viewer address is given", async () => {
    const direct = app.server.client(); // the origin secret, no CloudFront-Viewer-Address: 127.0.0.1
    for (let i = 0; i < 120; i++) {
      const headers: Record<string, string> = i % 2 === 0 ? { "x-forwarded-for": `203.0.113.${i % 250}` } : {}; // never trusted
      const response = await direct.request("/v1/calculate", { json: { expression: `${i} + 1` }, headers });
      expect(response.status, `request ${i + 1}`).toBe(200);
    }
    // A viewer address with the wrong origin secret did not come through CloudFront: refused, not counted.
    const forged = new Client(app.server.url, { ip: uniqueIp(), secret: "not-the-secret" });
    expect((await forged.request("/v1/calculate", { json: { expression: "1 + 1" } })).status).toBe(403);
    const refused = await direct.request("/v1/calculate", { json: { expression: "1 + 1" } });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await refused.json()) as { error: string }).error).toMatch(/Too many requests: at most 120 calculations a minute/);

    // A viewer address proven by the origin secret is its own client.
    const viewer = new Client(app.server.url, { ip: uniqueIp(), secret: app.server.originSecret });
    expect((await viewer.request("/v1/calculate", { json: { expression: "1 + 1" } })).status).toBe(200);
  });
});

// The production edge, over real HTTP with the packaged Lambdas on real PostgreSQL and Redis:
// only CloudFront may reach the origin; requests in CloudFront's shape (API Gateway's Host, the
// viewer's origin in APP_ORIGIN) post forms without Remix's own cross-site check throwing; and
// inputs that used to answer 500 get a clear 4xx and change nothing.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "../../support/app-server";
import { Client } from "../../support/http-client";
import { createMigratedDatabase, type MigratedDatabase } from "../../support/test-database";
import { packagesSnapshot, PASSWORD, setupApp, signUp, uniqueEmail, uniqueIp } from "../auth/fixtures";

describe("the origin behind CloudFront", () => {
  const app = setupApp();

  it("refuses (403) every request without the right X-Origin-Verify, except the health checks", async () => {
    const stranger = new Client(app.server.url); // straight to API Gateway's hostname: no secret
    const wrong = new Client(app.server.url, { secret: "not-the-origin-secret" });
    for (const client of [stranger, wrong]) {
      for (const [method, path] of [
        ["GET", "/"],
        ["POST", "/?index"],
        ["GET", "/login"],
        ["POST", "/login"],
        ["GET", "/history"],
        ["POST", "/history/save"],
        ["GET", "/billing"],
        ["POST", "/billing/webhook"],
        ["POST", "/v1/calculate"],
        ["GET", "/v1/no-such-thing"],
        ["GET", "/health/../login"],
      ] as const) {
        const response = await client.request(path, method === "POST" ? { form: { expression: "1+1" } } : {});
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(response.headers.get("x-content-type-options"), `${method} ${path}`).toBe("nosniff");
      }
    }
    // Route 53's probes cannot add headers.
    for (const path of ["/health", "/v1/health"]) expect((await stranger.get(path)).status, path).toBe(200);
    // CloudFront's requests get through.
    expect((await app.server.client().get("/")).status).toBe(200);
  });
});

describe("requests in CloudFront's shape", () => {
  let db: MigratedDatabase;
  let server: AppServer;
  beforeAll(async () => {
    db = await createMigratedDatabase("calcapp_test_edge");
    server = await startApp({ databaseUrl: db.url, packages: packagesSnapshot(), cloudfront: true });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("signs up, logs in and posts the keypad form although the Lambda sees API Gateway's Host", async () => {
    const browser = new Client(server.url); // through the CloudFront stand-in
    const email = uniqueEmail("edge");
    await signUp(browser, email);
    expect((await browser.get("/account")).status).toBe(200);
    expect((await browser.post("/logout", {})).status).toBe(302);
    const login = await browser.post("/login", { email, password: PASSWORD });
    expect(login.status).toBe(302);
    const keypad = await browser.post("/?index", { state: "{}", key: "1" });
    expect(keypad.status).toBeLessThan(500);
    // A viewer's own X-Forwarded-Host is forwarded by CloudFront; it must neither help nor hurt.
    const spoofed = await browser.post("/login", { email, password: PASSWORD }, { headers: { "x-forwarded-host": "evil.example" } });
    expect(spoofed.status).toBe(302);
    expect(spoofed.headers.get("location")).toBe("/");
  });

  it("answers 404, not 500, to a POST to an unknown /v1 path from any origin", async () => {
    const response = await new Client(server.url).request("/v1/nothing-here", { json: {}, origin: "https://evil.example" });
    expect(response.status).toBe(404);
  });

  it("still refuses a cross-site form post (403), before Remix sees it", async () => {
    const response = await new Client(server.url).post("/login", { email: uniqueEmail(), password: PASSWORD }, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
  });
});

describe("inputs that used to answer 500", () => {
  const app = setupApp();

  it("follows a redirectTo with characters a Location header cannot carry, percent-encoded, and keeps the new session", async () => {
    const client = app.client();
    const email = uniqueEmail("redirect");
    expect((await client.post("/signup", { email, password: PASSWORD })).status).toBe(200);
    const signup = await client.post("/login", { email, password: PASSWORD, redirectTo: "/。" });
    expect(signup.status).toBe(302);
    expect(signup.headers.get("location")).toBe("/%E3%80%82");
    expect((await client.get("/account")).status).toBe(200);
    await client.post("/logout", {});
    const login = await client.post("/login", { email, password: PASSWORD, redirectTo: "/history?q=√2" });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/history?q=%E2%88%9A2");
  });

  it("shows /history with a message for dates and cursors of year 0000", async () => {
    const client = app.client();
    await signUp(client, uniqueEmail("dates"));
    const cursor = Buffer.from("0000-01-01T00:00:00.000Z|abc").toString("base64url");
    for (const query of ["from=0000-01-01", "to=0000-01-01", "from=0000-01-01&to=9999-12-31", `cursor=${cursor}`]) {
      const response = await client.get(`/history?${query}`);
      expect(response.status, query).toBe(200);
      expect(await response.text(), query).toMatch(/was not a date|page link was not valid/);
    }
  });
});

describe("guest sessions", () => {
  const app = setupApp();
  // Without a key prefix: KEYS patterns are matched against whole key names.
  const redis = new Redis("redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 1 });
  afterAll(() => redis.disconnect());
  const sessionKeys = async () => (await redis.keys(`${app.server.keyPrefix}session:*`)).length;

  it("starts one only for a valid result, and at most 30 an hour per address (429 with Retry-After after that)", async () => {
    const address = uniqueIp();
    const before = await sessionKeys();
    // Nothing worth keeping: no session.
    const bad = await app.server.client(address).post("/history/save", { expression: "2 +", input: "keypad" });
    expect(bad.status).toBe(422);
    expect(await sessionKeys()).toBe(before);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 40; i++) {
      // A fresh client each time: no cookie, as a flood of cookie-less posts would be.
      const response = await app.server.client(address).post("/history/save", { expression: `${i} + 1`, input: "keypad" });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get("retry-after");
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(30);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(await sessionKeys()).toBe(before + 30);
    // A guest who already has a session keeps saving into it; another address is not affected.
    const guest = app.server.client(uniqueIp());
    for (let i = 0; i < 3; i++) expect((await guest.post("/history/save", { expression: `${i} * 2`, input: "typed" })).status).toBe(201);
    expect(await sessionKeys()).toBe(before + 31);
    // Each lives a day, not the signed-in week.
    const [key] = await redis.keys(`${app.server.keyPrefix}session:*`);
    const ttl = await redis.pttl(key as string);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(24 * 3_600_000);
  });
});

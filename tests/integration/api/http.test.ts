// The API through `npm start` (the packaged Lambdas behind the local API Gateway): /v1/history
// reaches the history Lambda, bearer requests skip the Origin check (they carry no cookies),
// CORS stays closed unless allowed, the description is served, /account's "log out everywhere"
// revokes API tokens, and the old JWT_SECRET name still starts the app with a warning. Every
// /v1 response is checked against the OpenAPI description.
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "../../support/app-server";
import { checkResponse, documentProblems } from "../../support/openapi-validator";
import { PASSWORD, packagesSnapshot, setupApp, signUp, uniqueEmail } from "../auth/fixtures";

const app = setupApp({ env: { API_CORS_ORIGINS: "https://partner.example" } });

async function call(method: string, path: string, init: { token?: string; json?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const response = await app.server.fetch(path, { method, headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  return checkResponse(method, path, response);
}

async function tokensFor(email: string) {
  const answer = await call("POST", "/v1/auth/token", { json: { email, password: PASSWORD } });
  expect(answer.status, answer.text).toBe(200);
  return answer.body as { access_token: string; refresh_token: string };
}

describe("the API over HTTP", () => {
  it("signs in, saves, lists and deletes through the Lambdas; another user's id is 404", async () => {
    const owner = uniqueEmail("api-owner");
    const intruder = uniqueEmail("api-intruder");
    await signUp(app.client(), owner);
    await signUp(app.client(), intruder);
    const mine = await tokensFor(owner);
    const theirs = await tokensFor(intruder);
    expect((await call("GET", "/v1/me", { token: mine.access_token })).body).toMatchObject({ email: owner, plan: "free" });
    const saved = await call("POST", "/v1/history", { token: mine.access_token, json: { expression: "6 × 7" } });
    expect(saved.status).toBe(201);
    const id = (saved.body as { id: string }).id;
    const page = await call("GET", "/v1/history", { token: mine.access_token });
    expect((page.body as { items: Array<{ id: string; result: string }> }).items).toMatchObject([{ id, result: "42" }]);
    expect((await call("DELETE", `/v1/history/${id}`, { token: theirs.access_token })).status).toBe(404);
    expect((await call("DELETE", `/v1/history/${id}`, { token: mine.access_token })).status).toBe(204);
    const refreshed = await call("POST", "/v1/auth/refresh", { json: { refresh_token: mine.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect((await call("POST", "/v1/auth/refresh", { json: { refresh_token: mine.refresh_token } })).status).toBe(401);
    // Reuse revoked the family: the refreshed pair is dead too.
    expect((await call("GET", "/v1/me", { token: (refreshed.body as { access_token: string }).access_token })).status).toBe(401);
    const missing = await call("GET", "/v1/history");
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="calcapp"');
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
  });

  it("bearer requests from another site are not refused by the Origin check, and read no cookies", async () => {
    const email = uniqueEmail("api-cross");
    const browser = app.client();
    await signUp(browser, email);
    const tokens = await tokensFor(email);
    const cross = await call("POST", "/v1/history", { token: tokens.access_token, json: { expression: "1 + 1" }, headers: { origin: "https://evil.example" } });
    expect(cross.status).toBe(201);
    // A session cookie is no credential here.
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const cookieOnly = await call("GET", "/v1/me", { headers: { cookie } });
    expect(cookieOnly.status).toBe(401);
    // The page routes keep their check.
    expect((await browser.post("/history", { intent: "clear" }, { origin: "https://evil.example" })).status).toBe(403);
  });

  it("keeps CORS closed except for API_CORS_ORIGINS, without credentials", async () => {
    const preflight = (origin: string) =>
      app.server.fetch("/v1/history", { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
    const allowed = await preflight("https://partner.example");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://partner.example");
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    const refused = await preflight("https://evil.example");
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    const read = await app.server.fetch("/v1/me", { headers: { origin: "https://evil.example" } });
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
    const partner = await app.server.fetch("/v1/me", { headers: { origin: "https://partner.example" } });
    expect(partner.headers.get("access-control-allow-origin")).toBe("https://partner.example");
  });

  it("/v1/calculate answers as described: its errors are problems that still carry `error`", async () => {
    expect((await call("POST", "/v1/calculate", { json: { expression: "0.1 + 0.2" } })).body).toEqual({ result: "0.3" });
    const cases: Array<[string, Parameters<typeof call>[2], number, string]> = [
      ["POST", { json: { expression: "1 / 0" } }, 400, "unprocessable"],
      ["POST", { json: { expr: "1" } }, 400, "validation_failed"],
      ["POST", { json: { expression: "1+".repeat(600) + "1" } }, 400, "validation_failed"],
      ["POST", { headers: { "content-type": "application/json" } }, 400, "bad_request"],
      ["POST", { headers: { "content-type": "text/plain" } }, 415, "unsupported_media_type"],
      ["POST", { json: { expression: "1".repeat(20_000) } }, 413, "payload_too_large"],
      ["GET", {}, 405, "method_not_allowed"],
    ];
    for (const [method, init, status, code] of cases) {
      const answer = await call(method, "/v1/calculate", init);
      expect(answer.status, `${method} ${JSON.stringify(init)}`).toBe(status);
      const body = answer.body as { code: string; detail: string; error: string };
      expect(body.code).toBe(code);
      expect(body.error).toBe(body.detail);
    }
  });

  it("answers any other /v1 path with a problem-details 404", async () => {
    for (const path of ["/v1/nothing", "/v1/auth/nothing"]) {
      const answer = await app.server.fetch(path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get("content-type"), path).toBe("application/problem+json");
      expect(await answer.json()).toMatchObject({ status: 404, code: "not_found" });
    }
  });

  it("serves the OpenAPI description the tests check against", async () => {
    const answer = await call("GET", "/v1/openapi.json");
    expect(answer.status).toBe(200);
    expect(await documentProblems(answer.body)).toEqual([]);
    expect(Object.keys((answer.body as { paths: object }).paths)).toContain("/v1/history/{id}");
  });

  it('"log out everywhere" on /account revokes the API tokens too', async () => {
    const email = uniqueEmail("api-everywhere");
    const browser = app.client();
    await signUp(browser, email);
    const tokens = await tokensFor(email);
    expect((await call("GET", "/v1/me", { token: tokens.access_token })).status).toBe(200);
    expect((await browser.post("/account", { intent: "logout-everywhere" })).status).toBe(302);
    expect((await call("GET", "/v1/me", { token: tokens.access_token })).status).toBe(401);
    expect((await call("POST", "/v1/auth/refresh", { json: { refresh_token: tokens.refresh_token } })).status).toBe(401);
  });
});

describe("the old JWT_SECRET name", () => {
  let old: AppServer | undefined;
  beforeAll(async () => {
    old = await startApp({
      databaseUrl: app.db.url,
      packages: packagesSnapshot(),
      env: { SESSION_SECRET: "", JWT_SECRET: "o".repeat(48) },
    });
  });
  afterAll(async () => old?.stop());

  it("still signs sessions, and the log says to rename it", async () => {
    // Said at the Lambda's cold start (npm start answered a first request before this test).
    expect(old?.output()).toMatch(/deprecated environment variable.*JWT_SECRET.*SESSION_SECRET/);
    const client = old?.client() as ReturnType<AppServer["client"]>;
    await signUp(client, uniqueEmail("old-name"));
    expect((await client.get("/account")).status).toBe(200);
    expect(old?.output()).toMatch(/deprecated environment variable.*JWT_SECRET/);
  });
});

describe("with Redis down", () => {
  const secret = randomBytes(48).toString("base64url");
  let down: AppServer | undefined;
  beforeAll(async () => {
    down = await startApp({ databaseUrl: app.db.url, redisUrl: "redis://127.0.0.1:1", packages: packagesSnapshot(), env: { JWT_SIGNING_KEYS: `k1:${secret}` } });
  });
  afterAll(async () => down?.stop());

  it("answers 503 problems with Retry-After: tokens cannot be issued or checked", async () => {
    const server = down as AppServer;
    const check = async (method: string, path: string, init: RequestInit) => checkResponse(method, path, await server.fetch(path, { method, ...init }));
    const token = await check("POST", "/v1/auth/token", { headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "a@example.com", password: "x" }) });
    expect(token.status).toBe(503);
    expect((token.body as { code: string }).code).toBe("unavailable");
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ sid: "A".repeat(22) })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: "k1" })
      .setIssuer("calcapp")
      .setAudience("calcapp-api")
      .setSubject("someone")
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(secret));
    const me = await check("GET", "/v1/me", { headers: { authorization: `Bearer ${jwt}` } });
    expect(me.status).toBe(503);
    expect(me.headers.get("retry-after")).toBe("30");
  });
});

import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/lib/env.server";
import {
  allowedOrigins,
  answerPreflight,
  presentToRemix,
  refuseBadHost,
  refuseCrossSite,
  refuseDataMethod,
  refuseUnverifiedOrigin,
  withCors,
  withSecurityHeaders,
} from "./http-security";
import { createGetLoadContext } from "./load-context";

const env = parseEnv({ SESSION_SECRET: "s".repeat(32), ORIGIN_VERIFY_SECRET: "cloudfront-origin-secret" });

function event(method: string, path: string, headers: Record<string, string>, cookies?: string[]): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "app.calcapp.test", ...headers },
    cookies,
    requestContext: { requestId: "r1", http: { method, path, protocol: "HTTP/1.1", sourceIp: "130.176.0.1", userAgent: "" } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

describe("allowedOrigins", () => {
  it("is the request's own origin, with the scheme API Gateway reports", () => {
    expect(allowedOrigins(event("POST", "/login", {}), env)).toEqual(["https://app.calcapp.test"]);
    expect(allowedOrigins(event("POST", "/login", { "x-forwarded-proto": "http", host: "127.0.0.1:3000" }), env)).toEqual(["http://127.0.0.1:3000"]);
  });

  it("is APP_ORIGIN when set (behind CloudFront the Host is API Gateway's)", () => {
    const behindCdn = parseEnv({ SESSION_SECRET: "s".repeat(32), APP_ORIGIN: "https://calcapp.com,https://www.calcapp.com" });
    expect(allowedOrigins(event("POST", "/login", {}), behindCdn)).toEqual(["https://calcapp.com", "https://www.calcapp.com"]);
  });
});

describe("refuseCrossSite", () => {
  it("answers 403 to a cross-site post and lets a same-site one through", () => {
    const refused = refuseCrossSite(event("POST", "/account", { origin: "https://evil.example" }), env);
    expect(refused?.statusCode).toBe(403);
    expect(refused?.body).toMatch(/another site/);
    expect(refuseCrossSite(event("POST", "/account", { origin: "https://app.calcapp.test" }), env)).toBeNull();
    expect(refuseCrossSite(event("POST", "/v1/calculate", { origin: "https://evil.example" }), env)).toBeNull();
    expect(refuseCrossSite(event("POST", "/v1/%2e%2e/account", { origin: "https://evil.example" }), env)?.statusCode).toBe(403);
  });
});

describe("refuseUnverifiedOrigin", () => {
  it("lets only requests with the origin secret through once it is set, except the health checks", async () => {
    expect((await refuseUnverifiedOrigin(event("GET", "/", {}), env))?.statusCode).toBe(403);
    expect((await refuseUnverifiedOrigin(event("POST", "/login", { "x-origin-verify": "guess" }), env))?.statusCode).toBe(403);
    expect((await refuseUnverifiedOrigin(event("GET", "/health/../login", {}), env))?.statusCode).toBe(403);
    expect(await refuseUnverifiedOrigin(event("GET", "/", { "x-origin-verify": "cloudfront-origin-secret" }), env)).toBeNull();
    for (const path of ["/health", "/v1/health"]) expect(await refuseUnverifiedOrigin(event("GET", path, {}), env)).toBeNull();
    const noSecret = parseEnv({ SESSION_SECRET: "s".repeat(32) });
    expect(await refuseUnverifiedOrigin(event("GET", "/", {}), noSecret)).toBeNull();
  });
});

describe("presentToRemix", () => {
  const behindCdn = parseEnv({ SESSION_SECRET: "s".repeat(32), APP_ORIGIN: "https://calcapp.com,https://www.calcapp.com" });
  const apiHost = { host: "abc123.execute-api.us-east-1.amazonaws.com" };

  it("gives Remix the viewer's host (the APP_ORIGIN the request came from), whatever the client sent", () => {
    const from = (headers: Record<string, string>) => presentToRemix(event("POST", "/login", { ...apiHost, ...headers }), behindCdn).headers;
    expect(from({ origin: "https://www.calcapp.com" })["x-forwarded-host"]).toBe("www.calcapp.com");
    expect(from({ "x-forwarded-host": "evil.example" })["x-forwarded-host"]).toBe("calcapp.com");
    expect(from({ origin: "https://evil.example" })["x-forwarded-host"]).toBe("calcapp.com");
  });

  it("drops a client's X-Forwarded-Host without APP_ORIGIN, and the Origin of cookieless routes", () => {
    expect(presentToRemix(event("GET", "/", { "x-forwarded-host": "a, b" }), env).headers["x-forwarded-host"]).toBeUndefined();
    expect(presentToRemix(event("POST", "/v1/nothing", { origin: "https://evil.example" }), env).headers.origin).toBeUndefined();
    expect(presentToRemix(event("POST", "/login", { origin: "https://app.calcapp.test" }), env).headers.origin).toBe("https://app.calcapp.test");
  });
});

describe("refuseDataMethod", () => {
  it("answers 405 to data URLs asked with anything but GET or POST", () => {
    for (const method of ["HEAD", "OPTIONS", "PUT", "DELETE"]) {
      const refused = refuseDataMethod(event(method, "/history.data", {}));
      expect(refused?.statusCode, method).toBe(405);
      expect(refused?.headers?.Allow).toBe("GET, POST");
    }
    for (const method of ["GET", "POST"]) expect(refuseDataMethod(event(method, "/_root.data", {})), method).toBeNull();
    expect(refuseDataMethod(event("HEAD", "/history", {}))).toBeNull();
  });
});

describe("refuseBadHost", () => {
  it("answers 400 to a Host that is no host name, unless behind CloudFront", () => {
    for (const host of ["", "a b", "calcapp.com, evil.example", "x/y"]) expect(refuseBadHost(event("GET", "/", { host }), env)?.statusCode, host).toBe(400);
    for (const host of ["app.calcapp.test", "127.0.0.1:3000", "[::1]:3000"]) expect(refuseBadHost(event("GET", "/", { host }), env), host).toBeNull();
    const behindCdn = parseEnv({ SESSION_SECRET: "s".repeat(32), APP_ORIGIN: "https://calcapp.com" });
    expect(refuseBadHost(event("GET", "/", { host: "a b" }), behindCdn)).toBeNull();
  });
});

describe("withSecurityHeaders", () => {
  it("adds the base headers and a deny-all CSP, keeping what the app set", () => {
    const result = withSecurityHeaders({ statusCode: 200, headers: { "Content-Type": "application/json", "X-Frame-Options": "SAMEORIGIN" } }, event("GET", "/health", {}), env);
    expect(result.headers).toMatchObject({
      "content-type": "application/json",
      "x-frame-options": "SAMEORIGIN",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "strict-transport-security": expect.stringMatching(/^max-age=/),
    });
    expect(result.headers?.["cache-control"]).toBeUndefined();
  });

  it("keeps signed-in responses out of shared caches", () => {
    const result = withSecurityHeaders({ statusCode: 200, headers: {} }, event("GET", "/", {}, ["__session=abc"]), env);
    expect(result.headers?.["cache-control"]).toBe("private, no-store");
    const bearer = withSecurityHeaders({ statusCode: 200, headers: {} }, event("GET", "/v1/me", { authorization: "Bearer x.y.z" }), env);
    expect(bearer.headers?.["cache-control"]).toBe("private, no-store");
  });
});

describe("the API's CORS", () => {
  const partner = "https://partner.example";
  const open = parseEnv({ SESSION_SECRET: "s".repeat(32), API_CORS_ORIGINS: `${partner}, https://other.example` });
  const preflight = (origin: string, path = "/v1/history") =>
    event("OPTIONS", path, { origin, "access-control-request-method": "DELETE", "access-control-request-headers": "authorization" });

  it("stays closed without API_CORS_ORIGINS: no preflight answer, no CORS headers", () => {
    expect(answerPreflight(preflight(partner), env)).toBeNull();
    const result = withCors({ statusCode: 200, headers: {} }, event("GET", "/v1/me", { origin: partner }), env);
    expect(Object.keys(result.headers ?? {}).filter((name) => name.startsWith("access-control-"))).toEqual([]);
  });

  it("answers an allowed origin's preflight, never with credentials, and only under /v1/", () => {
    const answer = answerPreflight(preflight(partner), open);
    expect(answer?.statusCode).toBe(204);
    expect(answer?.headers).toMatchObject({
      "access-control-allow-origin": partner,
      "access-control-allow-methods": "GET, POST, DELETE",
      "access-control-allow-headers": "Authorization, Content-Type",
      vary: "Origin",
    });
    expect(answer?.headers?.["access-control-allow-credentials"]).toBeUndefined();
    expect(answerPreflight(preflight("https://evil.example"), open)).toBeNull();
    expect(answerPreflight(preflight(partner, "/account"), open)).toBeNull();
    expect(answerPreflight(event("OPTIONS", "/v1/me", { origin: partner }), open)).toBeNull();
  });

  it("lets an allowed origin read the answer and its challenge headers", () => {
    const allowed = withCors({ statusCode: 401, headers: { "www-authenticate": "Bearer" } }, event("GET", "/v1/me", { origin: partner }), open);
    expect(allowed.headers).toMatchObject({ "access-control-allow-origin": partner, "access-control-expose-headers": expect.stringContaining("WWW-Authenticate") });
    const other = withCors({ statusCode: 200, headers: {} }, event("GET", "/v1/me", { origin: "https://evil.example" }), open);
    expect(other.headers?.["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("load context", () => {
  const getLoadContext = createGetLoadContext(env);

  it("trusts CloudFront-Viewer-Address only with the origin secret", async () => {
    const viewer = { "cloudfront-viewer-address": "203.0.113.7:4431" };
    expect(await getLoadContext(event("GET", "/", { ...viewer, "x-origin-verify": "cloudfront-origin-secret" }))).toEqual({
      requestId: "r1",
      sourceIp: "130.176.0.1",
      viewerAddress: "203.0.113.7",
    });
    expect((await getLoadContext(event("GET", "/", { ...viewer, "x-origin-verify": "guess" }))).viewerAddress).toBeNull();
    expect((await getLoadContext(event("GET", "/", viewer))).viewerAddress).toBeNull();
    expect((await getLoadContext(event("GET", "/", { "x-forwarded-for": "203.0.113.9" }))).viewerAddress).toBeNull();
  });
});

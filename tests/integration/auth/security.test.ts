// CSRF and security headers, over real HTTP to `npm start`.
import { describe, expect, it } from "vitest";
import { startApp } from "../../support/app-server";
import { isSignedIn, packagesSnapshot, PASSWORD, signUp, uniqueEmail, setupApp } from "./fixtures";

const app = setupApp();
const EVIL = "https://evil.example";

describe("cross-site request forgery", () => {
  it("refuses a cross-site sign-up with 403 and creates nothing", async () => {
    const email = uniqueEmail("csrf");
    const client = app.client();
    const response = await client.post("/signup", { email, password: PASSWORD }, { origin: EVIL });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/came from another site/);
    expect(client.cookies.has("__session")).toBe(false);
    expect(await app.sql("SELECT id FROM users WHERE email = $1", [email])).toHaveLength(0);
  });

  it("refuses cross-site posts to signed-in pages, which then change nothing", async () => {
    const email = uniqueEmail("victim");
    const victim = app.client();
    await signUp(victim, email);
    for (const [path, form] of [
      ["/account", { intent: "delete-account", password: PASSWORD }],
      ["/account", { intent: "logout-everywhere" }],
      ["/account", { intent: "change-password", currentPassword: PASSWORD, newPassword: "attacker chosen words" }],
      ["/logout", {}],
      ["/account.data", { intent: "delete-account", password: PASSWORD }], // the single-fetch URL
    ] as const) {
      const response = await victim.post(path, form, { origin: EVIL });
      expect(response.status, path).toBe(403);
    }
    const [row] = await app.sql<{ deleted_at: Date | null }>("SELECT deleted_at FROM users WHERE email = $1", [email]);
    expect(row?.deleted_at).toBeNull();
    expect(await isSignedIn(victim)).toBe(true);
  });

  it("needs Origin, or Sec-Fetch-Site: same-origin when a browser leaves Origin out", async () => {
    const missing = await app.client().post("/login", { email: uniqueEmail(), password: PASSWORD }, { origin: null });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toMatch(/no Origin header/);
    const crossSite = await app.client().post("/login", { email: uniqueEmail(), password: PASSWORD }, { origin: null, headers: { "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await app.client().post("/login", { email: uniqueEmail(), password: PASSWORD }, { origin: null, headers: { "sec-fetch-site": "same-origin" } });
    expect(sameOrigin.status).toBe(400); // through to the form: unknown email
    const lookalike = await app.client().post("/login", { email: uniqueEmail(), password: PASSWORD }, { origin: `${app.server.url}.evil.example` });
    expect(lookalike.status).toBe(403);
  });

  it("does not apply to the JSON API or the Stripe webhook, which have their own protection", async () => {
    const api = await app.client().request("/v1/calculate", { json: { expression: "1 + 2" }, origin: EVIL });
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({ result: "3" });
    const webhook = await app.client().request("/billing/webhook", { method: "POST", json: {}, origin: EVIL });
    expect(webhook.status).not.toBe(403);
  });
});

describe("security headers", () => {
  function expectBaseHeaders(response: Response, what: string) {
    expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
    expect(response.headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("strict-transport-security"), what).toMatch(/^max-age=\d+/);
    expect(response.headers.get("content-security-policy"), what).toContain("frame-ancestors 'none'");
  }

  it("gives documents a CSP whose fresh nonce is on every script", async () => {
    const client = app.server.client();
    const first = await client.get("/");
    expectBaseHeaders(first, "document");
    const csp = first.headers.get("content-security-policy") as string;
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await client.get("/");
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
  });

  it("covers data requests, JSON, redirects, refusals and errors", async () => {
    const client = app.client();
    const responses: Array<[string, Response]> = [
      ["single-fetch data", await client.get("/_root.data")],
      ["JSON", await client.request("/v1/calculate", { json: { expression: "2" } })],
      ["health", await client.get("/health")],
      ["redirect", await client.get("/account")],
      ["403", await client.post("/login", {}, { origin: EVIL })],
      ["404", await client.get("/no-such-page")],
      ["signed-in redirect", await signUp(app.client(), uniqueEmail("headers"))],
    ];
    for (const [what, response] of responses) {
      expectBaseHeaders(response, what);
      if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) {
        expect(response.headers.get("content-security-policy"), what).toBe("default-src 'none'; frame-ancestors 'none'");
      }
    }
    // What a signed-in user gets is not for shared caches.
    expect((responses.at(-1) as [string, Response])[1].headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("environment", () => {
  it("stops the Lambda at start, naming SESSION_SECRET (or its old name JWT_SECRET), when it is missing or weak outside development", async () => {
    const start = (env: Record<string, string>) => startApp({ databaseUrl: app.db.url, env: { SESSION_SECRET: "", ...env }, packages: packagesSnapshot() });
    await expect(start({})).rejects.toThrow(/SESSION_SECRET: must be set outside development/);
    await expect(start({ SESSION_SECRET: "only-twenty-characters" })).rejects.toThrow(/SESSION_SECRET: every comma-separated secret must be at least 32 characters/);
    await expect(start({ JWT_SECRET: "only-twenty-characters" })).rejects.toThrow(/JWT_SECRET: every comma-separated secret must be at least 32 characters/);
  });
});

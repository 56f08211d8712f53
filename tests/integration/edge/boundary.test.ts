// A property of the whole Lambda boundary, over real HTTP with the packaged Lambdas on real
// PostgreSQL and Redis: whatever arrives (any method, every route of app.arc and then some, odd
// query strings, Origin/Host/cookie/content-type headers, and bodies: forms, JSON, binary, huge,
// deeply nested, unicode, NUL), signed in or not,
// - nothing answers 5xx while the database and Redis are up,
// - every response carries the security headers,
// - a refused request (4xx) changes no row and adds no session.
// Bounded in runs and time, so it stays well under two minutes here.
import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readArcMap } from "../../../arc/app-map";
import { startApp, type AppServer } from "../../support/app-server";
import { startStripeFake, type StripeFakeServer } from "../../support/stripe-fake/server";
import { createMigratedDatabase, type MigratedDatabase } from "../../support/test-database";
import { packagesSnapshot, PASSWORD, uniqueEmail } from "../auth/fixtures";
import { query } from "../db/helpers";

const RUNS = Number(process.env.BOUNDARY_RUNS ?? 250);
const TIME_LIMIT_MS = Number(process.env.BOUNDARY_TIME_LIMIT_MS ?? 75_000);

let db: MigratedDatabase;
let stripe: StripeFakeServer;
let server: AppServer;
let redis: Redis;
let email: string;
let sessionCookie = "";

type Answer = { status: number; headers: Record<string, string | string[] | undefined> };

/** A raw HTTP request: fetch would not let a test set Host, send a body with GET or send bytes as they are. */
function send(method: string, path: string, headers: Record<string, string>, body: Buffer | null): Promise<Answer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body ? { "content-length": String(body.length) } : {}) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.end(body ?? undefined);
  });
}

async function logIn(): Promise<void> {
  const body = Buffer.from(new URLSearchParams({ email, password: PASSWORD }).toString());
  const answer = await send("POST", "/login", { ...asCloudFront("203.0.113.250"), origin: server.url, "content-type": "application/x-www-form-urlencoded" }, body);
  const setCookie = ([] as string[]).concat(answer.headers["set-cookie"] ?? []);
  const session = setCookie.find((line) => line.startsWith("__session="));
  if (answer.status !== 302 || !session) throw new Error(`login failed: ${answer.status}`);
  sessionCookie = session.split(";")[0] as string;
}

const asCloudFront = (viewer: string) => ({ "x-origin-verify": server.originSecret, "cloudfront-viewer-address": `${viewer}:443` });

/** Rows and sessions: what a refused request must leave as it was. */
async function fingerprint(): Promise<string> {
  const [rows] = await query(
    db.url,
    `SELECT (SELECT count(*) FROM users) AS users, (SELECT max(updated_at) FROM users) AS users_changed,
            (SELECT count(*) FROM calculation_history) AS history, (SELECT count(*) FROM subscription) AS subscriptions,
            (SELECT count(*) FROM stripe_event) AS events`,
  );
  const sessions = (await redis.keys(`${server.keyPrefix}session:*`)).sort();
  return JSON.stringify({ rows, sessions });
}

// Paths: every app.arc route (a "*" filled in), every page and resource route, and odd ones.
const arcPaths = readArcMap().routes.map((route) => route.path.replace(/\*$/, "x"));
const knownPaths = [
  "/", "/?index", "/login", "/signup", "/logout", "/account", "/history", "/history/save", "/history/export.csv",
  "/history.data", "/billing", "/billing/webhook", "/billing.data", "/health", "/v1/health", "/v1/calculate",
  "/v1/nothing", "/__manifest", "/_root.data", "/no-such-page", "/_static/../app.arc", "/history/%2e%2e/account",
];
const segment = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 8 }), fc.constantFrom("..", "%00", "%ff", "。", "%2F"));
const path = fc.oneof(
  fc.constantFrom(...arcPaths, ...knownPaths),
  fc.tuple(fc.constantFrom(...arcPaths, ...knownPaths), segment).map(([base, extra]) => `${base.replace(/\?.*$/, "")}/${encodeURIComponent(extra)}`),
);
const queryKey = fc.constantFrom("redirectTo", "cursor", "from", "to", "q", "index", "_data", "p", "paths", "session_id", "expression");
const queryValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("0000-01-01", "9999-12-31", "2026-02-30", "//evil.example", "/。", "routes/_index", "-1", "1e309"),
);
const queryString = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }).map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs)}` : ""));

const fieldName = fc.constantFrom("email", "password", "remember", "redirectTo", "expression", "input", "state", "key", "intent", "current", "next", "confirm", "_action");
const fieldValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("", "\u0000", "2 +", "1/0", "(((((1", "on", "upgrade", "delete", "logout-everywhere", "keep", "discard", "{}", "{\"display\":\"1\"}", "equals", "9".repeat(2000)),
);
const nested = fc.integer({ min: 1, max: 5_000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`);

type Body = { contentType: string | null; body: Buffer | null };
const body: fc.Arbitrary<Body> = fc.oneof(
  fc.constant({ contentType: null, body: null }),
  fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 6 }).map((fields) => ({
    contentType: "application/x-www-form-urlencoded",
    body: Buffer.from(new URLSearchParams(fields).toString()),
  })),
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ contentType: "application/json", body: Buffer.from(JSON.stringify(value) ?? "null") })),
  nested.map((text) => ({ contentType: "application/json", body: Buffer.from(text) })),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ contentType: "application/octet-stream", body: Buffer.from(bytes) })),
  fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ contentType: "application/x-www-form-urlencoded", body: Buffer.from(bytes) })),
  fc.integer({ min: 64, max: 3_000 }).map((kb) => ({ contentType: "application/x-www-form-urlencoded", body: Buffer.from(`expression=${"1+".repeat(kb * 512)}1`) })),
  fc.string({ maxLength: 200 }).map((text) => ({ contentType: "multipart/form-data; boundary=x", body: Buffer.from(`--x\r\n${text}\r\n--x--`) })),
  fc
    .tuple(fc.constantFrom("text/plain", "application/xml", "text/csv; charset=utf-16", "garbage"), fc.string({ unit: "binary", maxLength: 200 }))
    .map(([contentType, text]) => ({ contentType, body: Buffer.from(`${text}\u0000`) })),
);

const request = fc.record({
  method: fc.constantFrom("GET", "HEAD", "POST", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
  path,
  query: queryString,
  body,
  signedIn: fc.boolean(),
  origin: fc.constantFrom("own", "foreign", "null", "none", "garbage"),
  host: fc.constantFrom("own", "evil", "api-gateway"),
  forwardedHost: fc.option(fc.constantFrom("evil.example", "calcapp.example, evil.example"), { nil: undefined }),
  cookie: fc.constantFrom("session", "garbage", "huge", "none"),
  viaCloudFront: fc.constantFrom(true, true, true, false),
});

describe("the Lambda boundary, for any request", () => {
  beforeAll(async () => {
    db = await createMigratedDatabase("calcapp_test_boundary");
    stripe = await startStripeFake({ apiKey: "sk_test_boundary", webhookSecret: "whsec_boundary", priceId: "price_boundary" });
    server = await startApp({
      databaseUrl: db.url,
      packages: packagesSnapshot(),
      env: { STRIPE_SECRET_KEY: "sk_test_boundary", STRIPE_WEBHOOK_SECRET: "whsec_boundary", STRIPE_PRICE_ID: "price_boundary", STRIPE_API_BASE: stripe.url, STRIPE_TIMEOUT_MS: "3000" },
    });
    redis = new Redis(server.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    email = uniqueEmail("boundary");
    const signup = await server.client("203.0.113.251").post("/signup", { email, password: PASSWORD });
    expect(signup.status).toBe(200); // "check your inbox"; logIn() below starts the session
    await logIn();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    redis?.disconnect();
    await stripe?.close();
    await db?.drop();
  });

  it("never answers 5xx, always sends the security headers, and a refusal changes nothing", { timeout: TIME_LIMIT_MS + 45_000 }, async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        runs++;
        const headers: Record<string, string> = {};
        if (r.viaCloudFront) Object.assign(headers, asCloudFront(`198.51.100.${(runs % 200) + 1}`));
        headers.host = r.host === "own" ? new URL(server.url).host : r.host === "evil" ? "evil.example" : "a1b2c3.execute-api.us-east-1.amazonaws.com";
        if (r.forwardedHost) headers["x-forwarded-host"] = r.forwardedHost;
        if (r.origin === "own") headers.origin = server.url;
        else if (r.origin === "foreign") headers.origin = "https://evil.example";
        else if (r.origin === "null") headers.origin = "null";
        else if (r.origin === "garbage") headers.origin = "::not a url::";
        const cookies: string[] = [];
        if (r.signedIn && r.cookie === "session") cookies.push(sessionCookie);
        if (r.cookie === "garbage") cookies.push("__session=eyJub3QiOiJ2YWxpZCJ9.AAAA");
        if (r.cookie === "huge") cookies.push(`junk=${"x".repeat(6_000)}`);
        if (cookies.length) headers.cookie = cookies.join("; ");
        const hasBody = r.body.body !== null && r.method !== "GET" && r.method !== "HEAD";
        if (hasBody && r.body.contentType) headers["content-type"] = r.body.contentType;

        const before = await fingerprint();
        const target = `${r.path}${r.path.includes("?") ? r.query.replace("?", "&") : r.query}`;
        const answer = await send(r.method, target, headers, hasBody ? r.body.body : null);
        const label = `${r.method} ${target} (${answer.status})`;
        expect(answer.status, label).toBeGreaterThanOrEqual(200);
        expect(answer.status, label).toBeLessThan(500);
        // API Gateway's own 413 (too large) never reached a Lambda: nothing to add headers to.
        if (answer.status !== 413) {
          expect(answer.headers["x-content-type-options"], label).toBe("nosniff");
          expect(answer.headers["content-security-policy"], label).toBeTruthy();
          expect(answer.headers["x-frame-options"], label).toBe("DENY");
        }
        if (answer.status >= 400) expect(await fingerprint(), `${label} changed something`).toBe(before);
        // Keep the signed-in half signed in (a generated POST may have logged out or rotated it).
        if (r.signedIn && r.method === "POST" && answer.status >= 300 && answer.status < 400) await logIn();
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    expect(runs).toBeGreaterThan(50);
    console.log(`boundary property: ${runs} requests`);
  });
});

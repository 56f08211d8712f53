// Shared by the auth integration tests: a fresh database and an `npm start` server per file, on
// the machine's PostgreSQL and Redis, plus helpers to look inside both.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { startApp, type AppOptions, type AppServer } from "../../support/app-server";
import { Client } from "../../support/http-client";
import { createMigratedDatabase, type MigratedDatabase } from "../../support/test-database";
import { query } from "../db/helpers";

export const PASSWORD = "correct horse battery staple";

export type TestApp = {
  server: AppServer;
  db: MigratedDatabase;
  /** A client with the test's own address (as CloudFront would report it), so limits do not collide. */
  client(): Client;
  /** Redis with this server's key prefix. */
  redis: Redis;
  sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
};

/** The packages this test run serves (see tests/support/ensure-packages.ts). */
export function packagesSnapshot() {
  return inject("packagesSnapshot");
}

let nextIp = 1;
/** A documentation-range address no other test of this file uses. */
export function uniqueIp(): string {
  const n = nextIp++;
  return `198.51.${100 + Math.floor(n / 250)}.${(n % 250) + 1}`;
}

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

/** Starts a server on a fresh database for the tests of this file, stopped and dropped after them. */
export function setupApp(options: Omit<AppOptions, "databaseUrl"> & { databaseUrl?: string } = {}): TestApp {
  const app = {} as TestApp;
  beforeAll(async () => {
    app.db = await createMigratedDatabase("calcapp_test_auth");
    app.server = await startApp({ ...options, databaseUrl: options.databaseUrl ?? app.db.url, packages: packagesSnapshot() });
    app.redis = new Redis(app.server.redisUrl || "redis://127.0.0.1:6379", { keyPrefix: app.server.keyPrefix, lazyConnect: true, maxRetriesPerRequest: 1 });
    app.client = () => new Client(app.server.url, { ip: uniqueIp(), secret: app.server.originSecret });
    app.sql = (text, values = []) => query(app.db.url, text, values);
  });
  afterAll(async () => {
    await app.server?.stop();
    app.redis?.disconnect();
    await app.db?.drop();
  });
  return app;
}

/**
 * Signs up, then logs in (sign-up answers "check your inbox" and starts no session, so as not to
 * tell whether the email had an account); returns the login's redirect.
 */
export async function signUp(client: Client, email: string, password = PASSWORD, extra: Record<string, string> = {}): Promise<Response> {
  const response = await client.post("/signup", { email, password });
  expect(response.status, await response.clone().text()).toBe(200);
  expect(await response.text()).toContain("Check your inbox");
  const login = await client.post("/login", { email, password, ...extra });
  expect(login.status, await login.clone().text()).toBe(302);
  return login;
}

export async function logIn(client: Client, email: string, password = PASSWORD, extra: Record<string, string> = {}): Promise<Response> {
  return client.post("/login", { email, password, ...extra });
}

/** The session id inside a signed __session cookie value (Remix: base64 JSON, then ".signature"). */
export function sessionIdOf(cookieValue: string): string {
  const [payload = ""] = decodeURIComponent(cookieValue).split(".");
  return JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as string;
}

export async function isSignedIn(client: Client): Promise<boolean> {
  const response = await client.get("/account");
  if (response.status === 200) return true;
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  return false;
}

/** A page's body with what differs per request anyway (CSP nonce, request id) and `email` blanked. */
export function bodyShape(html: string, email: string): string {
  return html
    .replaceAll(email, "EMAIL")
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/name="calcapp:request-id" content="[^"]*"/, 'name="calcapp:request-id" content=""');
}

// Operability of the packaged Lambdas over real HTTP: one structured log line per request whose
// request id is the one the error page shows, EMF metrics, and a loader that throws reaching a
// local stand-in for Sentry (flushed before the invocation returns, and with nothing secret in it).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApp, type AppServer } from "../../support/app-server";
import { startSentryReceiver, type SentryReceiver } from "../../support/sentry-receiver";
import { createMigratedDatabase, type MigratedDatabase } from "../../support/test-database";
import { createTestDatabase, type TestDatabase } from "../db/helpers";

const PASSWORD = "correct horse battery staple";

let sentry: SentryReceiver;
let db: MigratedDatabase;
let emptyDb: TestDatabase;
let app: AppServer;
let broken: AppServer;

function jsonLines(output: string): Array<Record<string, unknown>> {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

async function eventually<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  sentry = await startSentryReceiver();
  const dsn = sentry.dsn;

  db = await createMigratedDatabase("calcapp_test_ops");
  emptyDb = await createTestDatabase(); // no tables: every query of a page fails
  const shared = { SESSION_SECRET: randomBytes(48).toString("base64"), REDIS_KEY_PREFIX: `calcapp:test:ops:${randomBytes(6).toString("hex")}:` };
  const env = { ...shared, LOG_LEVEL: "info", APP_ENV: "ops-test", APP_REGION: "eu-west-1", SENTRY_DSN: dsn, RATE_LIMIT_MULTIPLIER: "100" };
  const packages = inject("packagesSnapshot");
  app = await startApp({ databaseUrl: db.url, env, packages });
  // The same sessions (Redis prefix, cookie secret), but a database whose tables are missing.
  broken = await startApp({ databaseUrl: emptyDb.url, env, packages });
});

afterAll(async () => {
  if (process.env.DEBUG_OPS) console.log("BROKEN OUTPUT\n" + broken?.output().slice(-4000));
  await app?.stop();
  await broken?.stop();
  await db?.drop();
  await emptyDb?.drop();
  await sentry.close();
});

describe("logs and error pages", () => {
  it("writes one JSON line per request, and the 404 page shows the request id of that line", async () => {
    const response = await app.fetch(`/no-such-page`);
    expect(response.status).toBe(404);
    const html = await response.text();
    const requestId = /data-testid="request-id">([^<]+)</.exec(html)?.[1];
    expect(requestId).toBeTruthy();
    expect(html).toContain("Page not found");

    const line = await eventually(
      () => jsonLines(app.output()).find((l) => l.message === "request" && l.requestId === requestId),
      "the request's log line",
    );
    expect(line).toMatchObject({
      level: "INFO",
      service: "calcapp",
      region: "eu-west-1",
      method: "GET",
      path: "/no-such-page",
      route: "ANY /{proxy+}",
      status: 404,
      durationMs: expect.any(Number),
    });
  });

  it("emits the cold start and business metrics as EMF in the environment's namespace", async () => {
    const client = app.client();
    expect((await client.post("/signup", { email: "metrics@example.com", password: PASSWORD })).status).toBe(200);
    expect((await client.post("/login", { email: "metrics@example.com", password: PASSWORD })).status).toBe(302);
    expect((await client.get("/")).status).toBe(200);
    const ok = await app.fetch(`/v1/calculate`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"expression":"1+1"}' });
    expect(ok.status).toBe(200);

    const metricNames = () =>
      jsonLines(app.output()).flatMap((l) => {
        const aws = l._aws as { CloudWatchMetrics?: Array<{ Namespace: string; Metrics: Array<{ Name: string; Unit: string }> }> } | undefined;
        return aws?.CloudWatchMetrics?.flatMap((m) => m.Metrics.map((metric) => `${m.Namespace} ${metric.Name} ${metric.Unit}`)) ?? [];
      });
    await eventually(() => (metricNames().includes("CalcApp/ops-test CalculationPerformed Count") ? true : undefined), "metrics");
    expect(metricNames()).toEqual(
      expect.arrayContaining([
        "CalcApp/ops-test ColdStart Count",
        "CalcApp/ops-test UserRegistered Count",
        "CalcApp/ops-test DailyActiveUsers Count",
        "CalcApp/ops-test CalculationPerformed Count",
      ]),
    );
    // Distinct users per day, not requests: more pages by the same user add nothing.
    const before = metricNames().filter((m) => m.endsWith("DailyActiveUsers Count")).length;
    await client.get("/");
    await client.get("/account");
    expect(metricNames().filter((m) => m.endsWith("DailyActiveUsers Count")).length).toBe(before);
    // No user's email in any metric line.
    expect(jsonLines(app.output()).filter((l) => "_aws" in l).some((l) => JSON.stringify(l).includes("metrics@example.com"))).toBe(false);
  });
});

describe("Sentry", () => {
  it("receives a loader error thrown on the server, with the release and without cookies or passwords", async () => {
    const client = app.client();
    expect((await client.post("/signup", { email: "sentry@example.com", password: PASSWORD })).status).toBe(200);
    expect((await client.post("/login", { email: "sentry@example.com", password: PASSWORD })).status).toBe(302);
    const session = client.cookies.get("__session");
    expect(session).toBeTruthy();

    // Same session on the server whose database lost its tables: the history loader throws.
    const onBroken = broken.client();
    onBroken.cookies.set("__session", session as string);
    const response = await onBroken.get("/history");
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain("Something went wrong");
    expect(html).not.toMatch(/at .+\(.+:\d+:\d+\)/); // no stack trace in production
    const requestId = /data-testid="request-id">([^<]+)</.exec(html)?.[1];

    // Flushed before the invocation returned, so it is already here (or on its way).
    const envelope = await eventually(() => sentry.envelopes.find((e) => e.includes('"exception"')), "a Sentry event");
    const event = envelope
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((item) => "exception" in item) as Record<string, unknown>;
    expect(JSON.stringify(event.exception)).toMatch(/calculation_history|does not exist/);
    expect(event.release).toMatch(/^\d+\.\d+\.\d+/);
    expect(event.environment).toBe("ops-test");
    expect(envelope).not.toContain(session as string);
    expect(envelope).not.toContain(PASSWORD);

    // The error is in the log too, under the id the page showed.
    const errorLine = await eventually(
      () => jsonLines(broken.output()).find((l) => l.message === "request" && l.requestId === requestId),
      "the failed request's log line",
    );
    expect(errorLine).toMatchObject({ level: "ERROR", status: 500, path: "/history" });
  });

  it("sends nothing for health checks", async () => {
    const before = sentry.envelopes.length;
    expect((await app.fetch(`/health`)).status).toBe(200);
    expect((await broken.fetch(`/v1/health`)).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sentry.envelopes.slice(before).filter((e) => e.includes('"exception"'))).toEqual([]);
  });
});

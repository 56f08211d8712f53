// /health asks the database only (Route 53 must not fail over on a Redis blip); /v1/health asks
// both and names what failed. With Redis down, signed-in pages answer 503 and the calculator keeps
// working. Redis here is a second redis-server this test starts and stops.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startApp, type AppServer } from "../../support/app-server";
import type { Client } from "../../support/http-client";
import { createMigratedDatabase, type MigratedDatabase } from "../../support/test-database";
import { packagesSnapshot, PASSWORD, signUp, uniqueEmail, setupApp } from "./fixtures";

type Health = { status: string; checks: Record<string, string>; failed?: string[] };

async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      const { Redis } = await import("ioredis");
      const client = new Redis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on("error", () => {}); // not up yet: retried below
      await client.connect();
      await client.ping();
      client.disconnect();
      return redis;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  redis.kill("SIGKILL");
  throw new Error(`redis-server did not start on port ${port}`);
}

async function stopRedis(redis: ChildProcess): Promise<void> {
  if (redis.exitCode !== null) return;
  const exited = new Promise((resolve) => redis.once("exit", resolve));
  redis.kill("SIGKILL");
  await exited;
}

describe("with the database and Redis up", () => {
  const app = setupApp();

  it("answers 200 on both health checks", async () => {
    const client = app.client();
    const health = await client.get("/health");
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", checks: { database: "ok" } });
    const deep = await client.get("/v1/health");
    expect(deep.status).toBe(200);
    expect(await deep.json()).toMatchObject({ status: "ok", checks: { database: "ok", redis: "ok" } });
  });
});

describe("with the database unreachable", () => {
  let server: AppServer;
  beforeAll(async () => {
    const closed = await freePort();
    server = await startApp({ databaseUrl: `postgresql://postgres@127.0.0.1:${closed}/nothing_here`, packages: packagesSnapshot() });
  });
  afterAll(() => server?.stop());

  it("answers 503 on /health within the check's second, and the guest calculator still works", async () => {
    const client = server.client();
    const started = Date.now();
    const health = await client.get("/health");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "error", checks: { database: "error" }, failed: ["database"] });
    const deep = (await (await client.get("/v1/health")).json()) as Health;
    // The migrations cannot be checked without the database either; Redis is fine.
    expect(deep.failed).toEqual(["database", "migrations"]);
    expect((await client.get("/")).status).toBe(200);
    expect((await client.request("/v1/calculate", { json: { expression: "6 * 7" } })).status).toBe(200);
  });
});

describe("with Redis stopped", () => {
  let redis: ChildProcess;
  let redisPort: number;
  let db: MigratedDatabase;
  let server: AppServer;
  let member: Client;

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    db = await createMigratedDatabase("calcapp_test_auth");
    server = await startApp({ databaseUrl: db.url, redisUrl: `redis://127.0.0.1:${redisPort}`, packages: packagesSnapshot() });
    member = server.client();
    await signUp(member, uniqueEmail("redis-down"));
    await stopRedis(redis);
  });
  afterAll(async () => {
    await server?.stop();
    if (redis) await stopRedis(redis);
    await db?.drop();
  });

  it("names redis on /v1/health with 503, while /health (Route 53's probe) stays 200", async () => {
    const client = server.client();
    const started = Date.now();
    const deep = await client.get("/v1/health");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(deep.status).toBe(503);
    expect(await deep.json()).toMatchObject({ status: "error", checks: { database: "ok", redis: "error" }, failed: ["redis"] });
    expect((await client.get("/health")).status).toBe(200);
  });

  it("keeps the calculator working, for guests and signed-in users alike", async () => {
    const guest = server.client();
    const page = await guest.get("/");
    expect(page.status).toBe(200);
    const state = /name="state" value="([^"]*)"/.exec(await page.text())?.[1]?.replaceAll("&quot;", '"');
    expect(state).toBeTruthy();
    const pressed = await guest.post("/?index", { state: state as string, key: "7" });
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get("location")).toBe("/");
    const api = await guest.request("/v1/calculate", { json: { expression: "0.1 + 0.2" } });
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({ result: "0.3" });

    const signedIn = await member.get("/");
    expect(signedIn.status).toBe(200);
    expect(await signedIn.text()).toContain("Signing in is temporarily unavailable. The calculator still works.");
  });

  it("answers 503 with a clear message on signed-in pages and sign-in forms", async () => {
    const account = await member.get("/account");
    expect(account.status).toBe(503);
    expect(account.headers.get("retry-after")).toBe("30");
    expect(await account.text()).toContain("Sessions are temporarily unavailable");
    const login = await server.client().post("/login", { email: uniqueEmail(), password: PASSWORD });
    expect(login.status).toBe(503);
    expect(await login.text()).toContain("Sessions are temporarily unavailable");
  });

  it("recovers when Redis is back", async () => {
    redis = await startRedis(redisPort);
    const client = server.client();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await client.get("/v1/health")).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    // /account is the auth Lambda's, whose store client reconnects on its own (its own backoff).
    // The data went with the old process (no persistence here): the member is simply a guest now.
    let account = 0;
    for (let i = 0; i < 50 && account !== 302; i++) {
      account = (await member.get("/account")).status;
      if (account !== 302) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(account).toBe(302);
  });
});

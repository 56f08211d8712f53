import { describe, expect, it, vi } from "vitest";

const hang = () => new Promise<never>(() => {});
vi.mock("./db/client.server", () => ({ getPrisma: vi.fn(async () => ({ $queryRaw: hang })) }));
vi.mock("./store/get-store.server", () => ({ getStore: vi.fn(async () => ({ kind: "redis", ping: async () => {} })) }));

const { checkDatabase, checkRedis, healthResponse } = await import("./health.server");

describe("health checks", () => {
  it("report a dependency that does not answer in time as an error, without waiting longer", async () => {
    const started = Date.now();
    expect(await checkDatabase(50)).toBe("error");
    expect(Date.now() - started).toBeLessThan(500);
    expect(await checkRedis(50)).toBe("ok");
  });

  it("answer 503 naming what failed, 200 otherwise, never cached", async () => {
    const failed = healthResponse({ database: "ok", redis: "error" });
    expect(failed.status).toBe(503);
    expect(failed.headers.get("cache-control")).toBe("no-store");
    expect(await failed.json()).toMatchObject({ status: "error", checks: { database: "ok", redis: "error" }, failed: ["redis"] });
    const ok = healthResponse({ database: "ok", redis: "skipped" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).not.toHaveProperty("failed");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../../app/lib/db/migrate.server";
import { createTestDatabase, type TestDatabase } from "../db/helpers";

// /v1/health's migrations check against a real database.
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
});

afterAll(async () => {
  const { disconnectPrisma } = await import("../../../app/lib/db/client.server");
  await disconnectPrisma();
  await db.drop();
});

describe("checkMigrations", () => {
  it("fails before the migrations ran, passes after, and fails when the code expects a newer one", async () => {
    const { checkMigrations, runChecks, healthResponse } = await import("../../../app/lib/health.server");
    expect(await checkMigrations()).toBe("error"); // no _prisma_migrations table yet
    await applyMigrations({ databaseUrl: db.url });
    expect(__MIGRATIONS__.length).toBeGreaterThan(0);
    expect(await checkMigrations()).toBe("ok");
    expect(await checkMigrations([...__MIGRATIONS__, "29990101000000_from_the_future"])).toBe("error");

    const { checks, latencyMs } = await runChecks({ migrations: () => checkMigrations(["29990101000000_from_the_future"]) });
    const response = healthResponse(checks, latencyMs);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "error", failed: ["migrations"], latencyMs: { migrations: expect.any(Number) } });
  });
});

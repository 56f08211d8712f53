import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../../app/lib/db/migrate.server";
import { startXRayDaemon, type XRayDaemon } from "../../support/xray-daemon";
import { createTestDatabase, type TestDatabase } from "../db/helpers";

// On Lambda with X-Ray on, every Prisma query and every Redis command gets its own subsegment,
// sent to the daemon (a local UDP listener here), on the real PostgreSQL and Redis.
let db: TestDatabase;
let daemon: XRayDaemon;

beforeAll(async () => {
  db = await createTestDatabase();
  await applyMigrations({ databaseUrl: db.url });
  daemon = await startXRayDaemon("1-6744a9b0-0123456789abcdef0123abcd");
  Object.assign(process.env, { DATABASE_URL: db.url, ...daemon.env });
});

afterAll(async () => {
  const { disconnectPrisma } = await import("../../../app/lib/db/client.server");
  await disconnectPrisma();
  daemon.close();
  await db.drop();
});

describe("database calls on Lambda", () => {
  it("each get an X-Ray subsegment named after the model and operation", async () => {
    const { getPrisma } = await import("../../../app/lib/db/client.server");
    const prisma = await getPrisma();
    await prisma.user.create({ data: { email: "traced@example.com", passwordHash: "!x" } });
    expect(await prisma.user.count()).toBe(1);
    await daemon.waitFor(2);
    const names = daemon.documents.map((doc) => doc.name);
    expect(names).toEqual(expect.arrayContaining(["postgres User.create", "postgres User.count"]));
    expect(daemon.documents.every((doc) => doc.trace_id === "1-6744a9b0-0123456789abcdef0123abcd")).toBe(true);
  });
});

describe("Redis calls on Lambda", () => {
  it("each get an X-Ray subsegment named after the command", async () => {
    const { RedisStore } = await import("../../../app/lib/store/redis-store.server");
    const store = new RedisStore({ url: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", keyPrefix: `calcapp:test:trace:${process.pid}:` });
    try {
      await store.set("k", "v", 5_000);
      expect(await store.get("k")).toBe("v");
      await store.del(["k"]);
    } finally {
      await store.close();
    }
    for (let i = 0; i < 50 && !daemon.documents.some((doc) => doc.name === "redis DEL"); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(daemon.documents.map((doc) => doc.name)).toEqual(expect.arrayContaining(["redis SET", "redis GET", "redis DEL"]));
    expect(daemon.documents.find((doc) => doc.name === "redis GET")).toMatchObject({ annotations: { kind: "redis" }, namespace: "remote" });
  });
});

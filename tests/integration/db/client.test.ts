// app/lib/db/client.server.ts: one lazily created PrismaClient over @prisma/adapter-pg.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { disconnectPrisma, getPrisma, poolConfigFromEnv } from "../../../app/lib/db/client.server";
import { applyMigrations } from "../../../app/lib/db/migrate.server";
import { createTestDatabase, query, type TestDatabase } from "./helpers";

describe("getPrisma", () => {
  let db: TestDatabase;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await createTestDatabase();
    await applyMigrations({ databaseUrl: db.url });
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    await disconnectPrisma();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    await db?.drop();
  });

  const appConnections = async () =>
    (
      await query<{ n: number }>(
        db.url,
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'calcapp'",
        [db.name],
      )
    )[0]?.n;

  it("does not connect until the first query", async () => {
    expect(await appConnections()).toBe(0);
    await getPrisma();
    expect(await appConnections()).toBe(0);
  });

  it("returns one client per process", async () => {
    expect(await getPrisma()).toBe(await getPrisma());
  });

  it("writes and reads a user and their calculation history", async () => {
    const prisma = await getPrisma();
    const user = await prisma.user.create({
      data: { email: "ada@example.com", passwordHash: "!disabled" },
    });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.deletedAt).toBeNull();

    const base = Date.parse("2030-01-01T00:00:00Z");
    await prisma.calculationHistory.createMany({
      data: [
        { userId: user.id, expression: "1 + 1", result: "2", createdAt: new Date(base) },
        { userId: user.id, expression: "2 * 3", result: "6", createdAt: new Date(base + 1000) },
        { userId: user.id, expression: "0.1 + 0.2", result: "0.3", createdAt: new Date(base + 2000) },
      ],
    });
    const page = await prisma.calculationHistory.findMany({
      where: { userId: user.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 2,
    });
    expect(page.map((row) => [row.expression, row.result])).toEqual([
      ["0.1 + 0.2", "0.3"],
      ["2 * 3", "6"],
    ]);
    expect(await appConnections()).toBeGreaterThan(0);

    // The database stores snake_case columns.
    const [raw] = await query<{ password_hash: string }>(db.url, "SELECT password_hash FROM users");
    expect(raw?.password_hash).toBe("!disabled");
  });

  it("enforces unique emails and cascades history deletion", async () => {
    const prisma = await getPrisma();
    await expect(
      prisma.user.create({ data: { email: "ada@example.com", passwordHash: "x" } }),
    ).rejects.toMatchObject({ code: "P2002" });

    const user = await prisma.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.calculationHistory.count({ where: { userId: user.id } })).toBe(0);
  });

  it("sets statement and idle-in-transaction timeouts on its connections", async () => {
    const prisma = await getPrisma();
    const [settings] = await prisma.$queryRaw<Array<{ statement: string; idle: string }>>`
      SELECT current_setting('statement_timeout') AS statement,
             current_setting('idle_in_transaction_session_timeout') AS idle`;
    expect(settings).toEqual({ statement: "10s", idle: "30s" });
  });

  it("closes its connections on disconnectPrisma and reconnects afterwards", async () => {
    await disconnectPrisma();
    await expect.poll(appConnections).toBe(0);
    const prisma = await getPrisma();
    expect(await prisma.user.count()).toBe(0);
  });
});

describe("poolConfigFromEnv", () => {
  const url = "postgresql://u@h/db";

  it("keeps Lambda pools small and others larger", () => {
    expect(poolConfigFromEnv(url, { AWS_LAMBDA_FUNCTION_NAME: "calcapp-history" })).toMatchObject({
      max: 2,
      connectionTimeoutMillis: 5000,
      statement_timeout: 10_000,
      application_name: "calcapp:calcapp-history",
    });
    expect(poolConfigFromEnv(url, {}).max).toBe(10);
  });

  it("reads DATABASE_POOL_MAX and DATABASE_STATEMENT_TIMEOUT_MS", () => {
    const config = poolConfigFromEnv(url, {
      AWS_LAMBDA_FUNCTION_NAME: "f",
      DATABASE_POOL_MAX: "4",
      DATABASE_STATEMENT_TIMEOUT_MS: "0",
    });
    expect(config.max).toBe(4);
    expect(config).not.toHaveProperty("statement_timeout");
    expect(() => poolConfigFromEnv(url, { DATABASE_POOL_MAX: "0" })).toThrow(/DATABASE_POOL_MAX/);
    expect(() => poolConfigFromEnv(url, { DATABASE_POOL_MAX: "two" })).toThrow(/DATABASE_POOL_MAX/);
  });
});

import { createSocket, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../../app/lib/db/migrate.server";
import { createTestDatabase, type TestDatabase } from "../db/helpers";

// On Lambda with X-Ray on, every Prisma query gets its own subsegment, sent to the daemon.
let db: TestDatabase;
let daemon: Socket;
const documents: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await applyMigrations({ databaseUrl: db.url });
  daemon = createSocket("udp4");
  daemon.on("message", (message) => {
    const [, body] = message.toString("utf8").split("\n");
    if (body) documents.push(JSON.parse(body) as Record<string, unknown>);
  });
  await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
    LAMBDA_TASK_ROOT: "/tmp",
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as AddressInfo).port}`,
    AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
    _X_AMZN_TRACE_ID: "Root=1-6744a9b0-0123456789abcdef0123abcd;Parent=53995c3f42cd8ad8;Sampled=1",
  });
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
    for (let i = 0; i < 50 && documents.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const names = documents.map((doc) => doc.name);
    expect(names).toEqual(expect.arrayContaining(["postgres User.create", "postgres User.count"]));
    expect(documents.every((doc) => doc.trace_id === "1-6744a9b0-0123456789abcdef0123abcd")).toBe(true);
  });
});

// The same runner and client on PGlite (PostgreSQL 18 in WebAssembly) behind pglite-socket: the
// embedded development database.
import { createHash } from "node:crypto";
import { readFile, readdir, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { disconnectPrisma, getPrisma } from "../../../app/lib/db/client.server";
import { applyMigrations, createMigration, MigrationError } from "../../../app/lib/db/migrate.server";
import {
  ensureEmbeddedPostgres,
  startPgliteServer,
  stopEmbeddedPostgres,
  type PgliteServer,
} from "../../../scripts/db/embedded-postgres";
import { migrationsDir, query, REPO_MIGRATIONS } from "./helpers";

async function repoMigrations(): Promise<Array<{ name: string; checksum: string }>> {
  const entries = await readdir(REPO_MIGRATIONS, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      checksum: createHash("sha256")
        .update(await readFile(path.join(REPO_MIGRATIONS, name, "migration.sql")))
        .digest("hex"),
    })),
  );
}

describe("migrations on PGlite (in-process, over pglite-socket)", () => {
  let server: PgliteServer;
  beforeAll(async () => {
    server = await startPgliteServer();
  });
  afterAll(async () => {
    await disconnectPrisma();
    await server?.stop();
  });

  it("serves PostgreSQL's wire protocol from WebAssembly", async () => {
    const [row] = await query<{ version: string }>(server.url, "SELECT version()");
    expect(row?.version).toMatch(/^PostgreSQL \d+/);
  });

  it("applies the same migrations, recorded with the same checksums", async () => {
    const expected = await repoMigrations();
    const { applied } = await applyMigrations({ databaseUrl: server.url });
    expect(applied).toEqual(expected.map((m) => m.name));
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      server.url,
      "SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((r) => ({ name: r.migration_name, checksum: r.checksum }))).toEqual(expected);
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
    expect(await applyMigrations({ databaseUrl: server.url })).toEqual({ applied: [] });
  });

  it("rolls a failing migration back there too", async () => {
    const folder = await migrationsDir({
      "30000101000000_broken": "CREATE TABLE half_done (id INTEGER);\nSELECT * FROM no_such_table;\n",
    });
    try {
      const error = await applyMigrations({ databaseUrl: server.url, migrationsDir: folder.dir }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MigrationError);
      expect(error).toMatchObject({ code: "P3018" });
      expect(await query(server.url, "SELECT 1 FROM pg_tables WHERE tablename = 'half_done'")).toEqual([]);
      await expect(applyMigrations({ databaseUrl: server.url, migrationsDir: folder.dir })).rejects.toMatchObject({
        code: "P3009",
      });
    } finally {
      await folder.remove();
    }
  });

  it("serves the app's PrismaClient", async () => {
    const savedUrl = process.env.DATABASE_URL;
    try {
      process.env.DATABASE_URL = server.url;
      const prisma = await getPrisma();
      const user = await prisma.user.create({
        data: {
          email: "grace@example.com",
          passwordHash: "!disabled",
          calculationHistory: { create: { expression: "6 * 7", result: "42" } },
        },
        include: { calculationHistory: true },
      });
      expect(user.calculationHistory.map((h) => h.result)).toEqual(["42"]);
    } finally {
      await disconnectPrisma();
      if (savedUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = savedUrl;
    }
  });

  it("serves as the shadow database of createMigration (`npm run db:migration` without DATABASE_URL)", async () => {
    const shadow = await startPgliteServer();
    try {
      const result = await createMigration({ name: "check", shadowDatabaseUrl: shadow.url, migrationsDir: REPO_MIGRATIONS });
      expect(result.migrationName).toBeNull();
    } finally {
      await shadow.stop();
    }
  });
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("ensureEmbeddedPostgres", () => {
  let dataRoot: string;
  let dataDir: string;
  beforeAll(async () => {
    dataRoot = await mkdtemp(path.join(os.tmpdir(), "calcapp-pglite-"));
    dataDir = path.join(dataRoot, "pglite");
  });
  afterAll(async () => {
    if (dataDir) await stopEmbeddedPostgres(dataDir);
    if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
  });

  it("starts one detached file-backed server, migrates it, and reuses it", async () => {
    const port = await freePort();
    const log: string[] = [];
    const url = await ensureEmbeddedPostgres({ dataDir, port, log: (m) => log.push(m) });
    expect(url).toBe(`postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`);
    const pid = Number(await readFile(`${dataDir}.pid`, "utf8"));
    expect(pid).toBeGreaterThan(0);
    expect(log.join("\n")).toMatch(/starting the embedded PostgreSQL[\s\S]*applied migrations/);

    // Several clients at once (sandbox runs each Lambda in its own process).
    const clients = await Promise.all(
      [1, 2, 3].map(async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        return client;
      }),
    );
    const counts = await Promise.all(clients.map((c) => c.query("SELECT count(*)::int AS n FROM users")));
    expect(counts.map((r) => r.rows[0].n)).toEqual([0, 0, 0]);
    await Promise.all(clients.map((c) => c.end()));

    const again: string[] = [];
    expect(await ensureEmbeddedPostgres({ dataDir, port, log: (m) => again.push(m) })).toBe(url);
    expect(again).toEqual([]); // no new server, nothing to migrate
    expect(Number(await readFile(`${dataDir}.pid`, "utf8"))).toBe(pid);

    expect(await stopEmbeddedPostgres(dataDir)).toBe(true);
    await expect(query(url, "SELECT 1")).rejects.toThrow();
  }, 90_000);
});

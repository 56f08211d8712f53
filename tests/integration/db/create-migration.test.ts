// createMigration: the SQL that takes a migrations folder to prisma/schema.prisma, computed by the
// schema engine on a shadow database that it creates and drops on the server.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { applyMigrations, createMigration } from "../../../app/lib/db/migrate.server";
import {
  ADMIN_URL,
  createTestDatabase,
  databasesLike,
  describeSchema,
  migrationsDir,
  REPO_MIGRATIONS,
  type TestDatabase,
} from "./helpers";

describe("createMigration on PostgreSQL", () => {
  let fromGenerated: TestDatabase;
  let fromRepo: TestDatabase;
  let shadowsBefore: string[];
  beforeAll(async () => {
    shadowsBefore = await databasesLike("prisma_migrate_shadow_db_%");
    [fromGenerated, fromRepo] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([fromGenerated?.drop(), fromRepo?.drop()]);
  });

  it("writes the whole schema as the first migration of an empty folder, then finds no changes", async () => {
    const folder = await migrationsDir({}, { lockfile: false });
    try {
      const created = await createMigration({
        name: "Init!",
        databaseUrl: ADMIN_URL,
        migrationsDir: folder.dir,
        now: new Date("2030-01-02T03:04:05Z"),
      });
      expect(created.migrationName).toBe("20300102030405_init");
      const sql = await readFile(path.join(folder.dir, "20300102030405_init", "migration.sql"), "utf8");
      expect(sql).toBe(created.sql);
      expect(sql).toContain('CREATE TABLE "users"');
      expect(sql).toContain('CREATE TABLE "calculation_history"');
      expect(sql).toContain('CREATE UNIQUE INDEX "users_email_key"');
      expect(sql).toContain("ON DELETE CASCADE");
      expect(await readFile(path.join(folder.dir, "migration_lock.toml"), "utf8")).toContain(
        'provider = "postgresql"',
      );

      // The generated migration builds the same schema as the committed ones.
      await applyMigrations({ databaseUrl: fromGenerated.url, migrationsDir: folder.dir });
      await applyMigrations({ databaseUrl: fromRepo.url });
      expect(await describeSchema(fromGenerated.url)).toEqual(await describeSchema(fromRepo.url));

      const again = await createMigration({ name: "again", databaseUrl: ADMIN_URL, migrationsDir: folder.dir });
      expect(again).toEqual({ migrationName: null, migrationFile: null, sql: "" });
      expect((await readdir(folder.dir)).sort()).toEqual(["20300102030405_init", "migration_lock.toml"]);
    } finally {
      await folder.remove();
    }
  });

  it("finds prisma/schema.prisma and the committed migrations in step", async () => {
    const result = await createMigration({
      name: "drift_check",
      databaseUrl: ADMIN_URL,
      migrationsDir: REPO_MIGRATIONS,
    });
    // If this fails, schema.prisma changed without `npm run db:migration -- <name>`.
    expect(result.sql).toBe("");
    expect(result.migrationName).toBeNull();
  });

  it("diffs a history holding CHECK constraints, enums and functions (\"char\" catalog columns)", async () => {
    const repo = await readdir(REPO_MIGRATIONS, { withFileTypes: true });
    const committed: Record<string, string> = {};
    for (const entry of repo.filter((e) => e.isDirectory())) {
      committed[entry.name] = await readFile(path.join(REPO_MIGRATIONS, entry.name, "migration.sql"), "utf8");
    }
    const folder = await migrationsDir({
      ...committed,
      "29990101000000_extra": `
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE extra (id SERIAL PRIMARY KEY, m mood, parent INTEGER REFERENCES extra(id) ON DELETE SET NULL);
ALTER TABLE users ADD CONSTRAINT users_email_lower CHECK (email = lower(email));
CREATE FUNCTION f() RETURNS INTEGER AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
`,
    });
    try {
      const result = await createMigration({ name: "drop extra", databaseUrl: ADMIN_URL, migrationsDir: folder.dir });
      expect(result.migrationName).toBe("29990101000001_drop_extra"); // after the newest, whatever the clock
      expect(result.sql).toContain('DROP TABLE "extra"');
      expect(result.sql).toContain('DROP TYPE "mood"');
    } finally {
      await folder.remove();
    }
  });

  it("reports a migration that does not replay on the shadow database", async () => {
    const folder = await migrationsDir({ "20200101000000_broken": "CREATE TABLE t (id INTEGER REFERENCES nowhere(id));\n" });
    try {
      await expect(
        createMigration({ name: "next", databaseUrl: ADMIN_URL, migrationsDir: folder.dir }),
      ).rejects.toThrow(/20200101000000_broken[\s\S]*nowhere|nowhere[\s\S]*20200101000000_broken/);
    } finally {
      await folder.remove();
    }
  });

  it("drops every shadow database it created, also after a failure", async () => {
    expect(await databasesLike("prisma_migrate_shadow_db_%")).toEqual(shadowsBefore);
  });
});

// The migration runner (app/lib/db/migrate.server.ts) against a real PostgreSQL: what it records,
// that it is idempotent and serialised, and that a failing migration is all-or-nothing.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  applyMigrations,
  markMigrationRolledBack,
  MigrationError,
} from "../../../app/lib/db/migrate.server";
import {
  createTestDatabase,
  migrationsDir,
  query,
  REPO_MIGRATIONS,
  sha256File,
  type TestDatabase,
} from "./helpers";

type MigrationRow = {
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
};

const migrationRows = (url: string) =>
  query<MigrationRow>(url, "SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name");

async function repoMigrationNames(): Promise<string[]> {
  const entries = await readdir(REPO_MIGRATIONS, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

describe("applyMigrations on PostgreSQL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("applies every migration of prisma/migrations and creates the tables", async () => {
    const names = await repoMigrationNames();
    expect(names.length).toBeGreaterThan(0);

    const { applied } = await applyMigrations({ databaseUrl: db.url });
    expect(applied).toEqual(names);

    const tables = await query<{ table_name: string }>(
      db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    // Later migrations add tables; these must always be there.
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["_prisma_migrations", "calculation_history", "subscription", "stripe_event", "users"]),
    );

    const columns = await query<{ column_name: string }>(
      db.url,
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position",
    );
    expect(columns.map((c) => c.column_name)).toEqual(
      expect.arrayContaining(["id", "email", "password_hash", "created_at", "updated_at", "deleted_at", "stripe_customer_id"]),
    );
    const [index] = await query<{ indexdef: string }>(
      db.url,
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'calculation_history_user_id_created_at_id_idx'",
    );
    expect(index?.indexdef).toContain("(user_id, created_at DESC, id)");
  });

  it("records each migration as `prisma migrate deploy` does (sha256 checksum, finished)", async () => {
    const rows = await migrationRows(db.url);
    const names = await repoMigrationNames();
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const file = path.join(REPO_MIGRATIONS, row.migration_name, "migration.sql");
      expect(row.checksum).toBe(await sha256File(file));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("applies nothing on a second run", async () => {
    const before = await migrationRows(db.url);
    const { applied } = await applyMigrations({ databaseUrl: db.url });
    expect(applied).toEqual([]);
    expect(await migrationRows(db.url)).toEqual(before);
  });
});

describe("applyMigrations with temporary migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("serialises concurrent runs: exactly one of two parallel runs applies the migrations", async () => {
    const other = await createTestDatabase();
    try {
      const results = await Promise.all([
        applyMigrations({ databaseUrl: other.url }),
        applyMigrations({ databaseUrl: other.url }),
      ]);
      const names = await repoMigrationNames();
      expect(results.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([names, []]);
      expect(await migrationRows(other.url)).toHaveLength(names.length);
    } finally {
      await other.drop();
    }
  });

  it("runs a migration with $$-quoted function bodies and DO blocks as one script", async () => {
    const folder = await migrationsDir({
      "20200101000000_functions": `
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE FUNCTION bump(counter TEXT) RETURNS INTEGER AS $$
DECLARE result INTEGER;
BEGIN
  INSERT INTO counters VALUES (counter, 1)
    ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
    RETURNING value INTO result;
  RETURN result;
END;
$$ LANGUAGE plpgsql;
DO $body$ BEGIN PERFORM bump('a'); PERFORM bump('a'); END; $body$;
`,
    });
    try {
      const { applied } = await applyMigrations({ databaseUrl: db.url, migrationsDir: folder.dir });
      expect(applied).toEqual(["20200101000000_functions"]);
      const [row] = await query<{ value: number }>(db.url, "SELECT bump('a') AS value");
      expect(row?.value).toBe(3);
    } finally {
      await folder.remove();
    }
  });

  it("rolls a failing migration back entirely, records it as failed and blocks the next run", async () => {
    const folder = await migrationsDir({
      "20200101000000_functions": "SELECT 1;", // already applied above: not run again
      "20200102000000_valid": "CREATE TABLE valid_one (id INTEGER);\nINSERT INTO valid_one VALUES (1);\n",
      "20200103000000_broken":
        "CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE never (id INTEGER);\n",
    });
    try {
      const failure = await applyMigrations({ databaseUrl: db.url, migrationsDir: folder.dir }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(MigrationError);
      expect(failure).toMatchObject({ code: "P3018", migrationName: "20200103000000_broken" });
      expect((failure as Error).message).toMatch(/no_such_table|does not exist/);

      // The valid migration before it stays applied; nothing of the broken one remains.
      const tables = await query<{ table_name: string }>(
        db.url,
        "SELECT table_name FROM information_schema.tables WHERE table_name IN ('valid_one', 'half_done', 'never')",
      );
      expect(tables.map((t) => t.table_name)).toEqual(["valid_one"]);

      const rows = await migrationRows(db.url);
      const broken = rows.find((r) => r.migration_name === "20200103000000_broken");
      expect(broken).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
      expect(broken?.logs).toMatch(/no_such_table|does not exist/);
      expect(rows.find((r) => r.migration_name === "20200102000000_valid")?.finished_at).toBeInstanceOf(Date);

      // The next run refuses to go on, with a message that says what to do.
      const blocked = await applyMigrations({ databaseUrl: db.url, migrationsDir: folder.dir }).catch(
        (error: unknown) => error,
      );
      expect(blocked).toBeInstanceOf(MigrationError);
      expect(blocked).toMatchObject({ code: "P3009", migrationName: "20200103000000_broken" });
      expect((blocked as Error).message).toContain("--rolled-back 20200103000000_broken");

      // After resolving it (fixed file, marked rolled back), the run goes through.
      const fixed = await migrationsDir({
        "20200101000000_functions": "SELECT 1;",
        "20200102000000_valid": "CREATE TABLE valid_one (id INTEGER);\nINSERT INTO valid_one VALUES (1);\n",
        "20200103000000_broken": "CREATE TABLE half_done (id INTEGER);\n",
      });
      try {
        await markMigrationRolledBack({
          databaseUrl: db.url,
          migrationsDir: fixed.dir,
          migrationName: "20200103000000_broken",
        });
        const { applied } = await applyMigrations({ databaseUrl: db.url, migrationsDir: fixed.dir });
        expect(applied).toEqual(["20200103000000_broken"]);
      } finally {
        await fixed.remove();
      }
    } finally {
      await folder.remove();
    }
  });

  it("refuses a migrations folder locked to another provider", async () => {
    const folder = await migrationsDir({}, { lockfile: false });
    const { writeFile } = await import("node:fs/promises");
    await writeFile(path.join(folder.dir, "migration_lock.toml"), 'provider = "mysql"\n');
    try {
      await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: folder.dir })).rejects.toThrow(
        /provider = "postgresql"/,
      );
    } finally {
      await folder.remove();
    }
  });
});

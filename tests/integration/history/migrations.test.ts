// The zero-downtime `metadata` change (decision 008): three real migrations applied one at
// a time while the previous release keeps writing, and nothing fails between phases.
//
// Which queries exist when:
// - the previous release (before metadata) runs throughout: its INSERTs do not name the column,
//   it reads pages and deletes rows;
// - the new release (writes {"input": ...}) runs from phase 1 on;
// - an explicit NULL (no release of ours writes one, but a hand-written query could) may appear
//   only before phase 2; phase 2 backfills it, and from then on the database refuses it.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, markMigrationRolledBack } from "../../../app/lib/db/migrate.server";
import { createTestDatabase, migrationsDir, query, REPO_MIGRATIONS, type TestDatabase } from "../db/helpers";

const PHASES = ["history_metadata_add_column", "history_metadata_backfill", "history_metadata_not_null"];

type Migrations = { base: Record<string, string>; phases: Array<[string, string]> };

async function repoMigrations(): Promise<Migrations> {
  const names = (await readdir(REPO_MIGRATIONS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const sql = async (name: string) => readFile(path.join(REPO_MIGRATIONS, name, "migration.sql"), "utf8");
  const phaseNames = PHASES.map((phase) => {
    const name = names.find((n) => n.endsWith(`_${phase}`));
    if (!name) throw new Error(`no migration for ${phase}`);
    return name;
  });
  const base: Record<string, string> = {};
  for (const name of names.filter((n) => n < (phaseNames[0] as string))) base[name] = await sql(name);
  return { base, phases: await Promise.all(phaseNames.map(async (name) => [name, await sql(name)] as [string, string])) };
}

/** Applies the base migrations plus the first `count` phases (each call applies what is new). */
async function applyUpTo(db: TestDatabase, migrations: Migrations, count: number): Promise<string[]> {
  const folder = await migrationsDir({ ...migrations.base, ...Object.fromEntries(migrations.phases.slice(0, count)) });
  try {
    return (await applyMigrations({ databaseUrl: db.url, migrationsDir: folder.dir })).applied;
  } finally {
    await folder.remove();
  }
}

type Writer = { name: string; stop(): Promise<void>; inserted: number; errors: string[]; latencies: number[] };

/** A loop of one release's queries on its own connection until stopped. */
function startWriter(pool: pg.Pool, name: string, step: (client: pg.PoolClient, i: number) => Promise<unknown>): Writer {
  let running = true;
  const writer: Writer = { name, inserted: 0, errors: [], latencies: [], stop: async () => undefined };
  const loop = (async () => {
    const client = await pool.connect();
    try {
      for (let i = 0; running; i++) {
        const started = performance.now();
        try {
          await step(client, i);
          writer.inserted++;
        } catch (error) {
          writer.errors.push(`${name}: ${(error as Error).message}`);
        }
        writer.latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    } finally {
      client.release();
    }
  })();
  writer.stop = async () => {
    running = false;
    await loop;
  };
  return writer;
}

/** The previous release: INSERT without metadata, read a page, delete a row now and then. */
const previousRelease = (userId: string) => async (client: pg.PoolClient, i: number) => {
  await client.query("INSERT INTO calculation_history (id, user_id, expression, result, created_at) VALUES ($1, $2, $3, $4, now())", [randomUUID(), userId, `${i} + 1`, String(i + 1)]);
  await client.query("SELECT id, expression, result, created_at FROM calculation_history WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 25", [userId]);
  if (i % 10 === 9) {
    await client.query("DELETE FROM calculation_history WHERE id = (SELECT id FROM calculation_history WHERE user_id = $1 ORDER BY created_at LIMIT 1)", [userId]);
    deletedByPreviousRelease.count++;
  }
};
const deletedByPreviousRelease = { count: 0 };

/** The new release: INSERT with metadata and read it back. */
const newRelease = (userId: string) => async (client: pg.PoolClient, i: number) => {
  await client.query("INSERT INTO calculation_history (id, user_id, expression, result, metadata, created_at) VALUES ($1, $2, $3, $4, $5, now())", [randomUUID(), userId, `${i} × 2`, String(i * 2), JSON.stringify({ input: i % 2 ? "keypad" : "typed" })]);
  await client.query("SELECT id, metadata FROM calculation_history WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 25", [userId]);
};

const relfilenode = async (db: TestDatabase) =>
  (await query<{ relfilenode: number }>(db.url, "SELECT relfilenode FROM pg_class WHERE relname = 'calculation_history'"))[0]?.relfilenode;

describe("zero-downtime metadata migrations", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let migrations: Migrations;
  let userId: string;

  beforeAll(async () => {
    migrations = await repoMigrations();
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 6 });
    // pool.end() can resolve while a connection is still closing; the FORCE drop in afterAll then
    // ends it with 57P01, which is expected here and must not surface as an unhandled error.
    pool.on("error", () => {});
    await applyUpTo(db, migrations, 0);
    userId = randomUUID();
    await query(db.url, "INSERT INTO users (id, email, password_hash, updated_at) VALUES ($1, 'old@example.com', 'x', now())", [userId]);
    // History from before the change.
    await query(
      db.url,
      "INSERT INTO calculation_history (id, user_id, expression, result, created_at) SELECT gen_random_uuid()::text, $1, g || ' + 0', g::text, now() - g * interval '1 minute' FROM generate_series(1, 5000) g",
      [userId],
    );
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it("applies phase by phase while both releases keep writing: no query fails, no long lock, no table rewrite", async () => {
    const fileBefore = await relfilenode(db);
    const previous = startWriter(pool, "previous release", previousRelease(userId));
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await wait(200);

    // Phase 1: nullable, DEFAULT '{}'. The previous release's INSERTs now get {} instead of NULL.
    expect(await applyUpTo(db, migrations, 1)).toEqual([migrations.phases[0]?.[0]]);
    const current = startWriter(pool, "new release", newRelease(userId));
    await wait(300);
    expect((await query<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM calculation_history WHERE metadata IS NULL"))[0]?.n).toBe(0);
    // A NULL written by hand before phase 2 (no release of ours does this): phase 2 backfills it.
    await query(db.url, "INSERT INTO calculation_history (id, user_id, expression, result, metadata) VALUES ($1, $2, '1 + 1', '2', NULL), ($3, $2, '2 + 2', '4', NULL)", [randomUUID(), userId, randomUUID()]);

    // Phase 2: backfill in batches, then a NOT VALID check refuses new NULLs.
    expect(await applyUpTo(db, migrations, 2)).toEqual([migrations.phases[1]?.[0]]);
    await wait(300);
    expect((await query<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM calculation_history WHERE metadata IS NULL"))[0]?.n).toBe(0);
    const check = await query<{ convalidated: boolean }>(db.url, "SELECT convalidated FROM pg_constraint WHERE conname = 'calculation_history_metadata_not_null'");
    expect(check).toEqual([{ convalidated: false }]);
    await expect(query(db.url, "INSERT INTO calculation_history (id, user_id, expression, result, metadata) VALUES ($1, $2, '3', '3', NULL)", [randomUUID(), userId])).rejects.toThrow(/calculation_history_metadata_not_null/);

    // Phase 3: VALIDATE (reads and writes go on), SET NOT NULL (no scan), drop the check.
    expect(await applyUpTo(db, migrations, 3)).toEqual([migrations.phases[2]?.[0]]);
    await wait(300);
    await Promise.all([previous.stop(), current.stop()]);

    const errors = [...previous.errors, ...current.errors];
    expect(errors).toEqual([]);
    expect(previous.inserted).toBeGreaterThan(50);
    expect(current.inserted).toBeGreaterThan(20);
    // Every query finished quickly, DDL included: no query waited on a long lock.
    const slowest = Math.max(...previous.latencies, ...current.latencies);
    expect(slowest).toBeLessThan(1500);

    const column = await query<{ is_nullable: string; column_default: string }>(
      db.url,
      "SELECT is_nullable, column_default FROM information_schema.columns WHERE table_name = 'calculation_history' AND column_name = 'metadata'",
    );
    expect(column).toEqual([{ is_nullable: "NO", column_default: "'{}'::jsonb" }]);
    expect(await query(db.url, "SELECT 1 FROM pg_constraint WHERE conname = 'calculation_history_metadata_not_null'")).toEqual([]);
    // Neither ADD COLUMN ... DEFAULT nor SET NOT NULL rewrote the table.
    expect(await relfilenode(db)).toBe(fileBefore);

    // Every row accounted for, none without metadata; the old release's rows hold {}.
    const counts = await query<{ total: number; empty: number; typed: number }>(
      db.url,
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE metadata = '{}')::int AS empty,
              count(*) FILTER (WHERE metadata ? 'input')::int AS typed FROM calculation_history`,
    );
    const total = 5000 + previous.inserted + current.inserted + 2 - deletedByPreviousRelease.count;
    expect(counts[0]).toEqual({ total, empty: total - current.inserted, typed: current.inserted });
  });

  it("the one-step order (nullable, backfill, SET NOT NULL) fails while the previous release inserts NULLs", async () => {
    const spec = await createTestDatabase();
    try {
      const folder = await migrationsDir({
        ...migrations.base,
        "20270101000000_spec_add_metadata": "ALTER TABLE calculation_history ADD COLUMN metadata JSONB;",
        "20270101000001_spec_backfill": "UPDATE calculation_history SET metadata = '{}'::jsonb WHERE metadata IS NULL;",
        "20270101000002_spec_not_null":
          "ALTER TABLE calculation_history ALTER COLUMN metadata SET NOT NULL;\nALTER TABLE calculation_history ALTER COLUMN metadata SET DEFAULT '{}'::jsonb;",
      });
      const only = async (count: number) => {
        const names = Object.keys(migrations.base).length + count;
        const entries = (await readdir(folder.dir)).filter((n) => n !== "migration_lock.toml").sort().slice(0, names);
        const partial = await migrationsDir(Object.fromEntries(await Promise.all(entries.map(async (n) => [n, await readFile(path.join(folder.dir, n, "migration.sql"), "utf8")] as const))));
        try {
          return await applyMigrations({ databaseUrl: spec.url, migrationsDir: partial.dir });
        } finally {
          await partial.remove();
        }
      };
      await only(2);
      const user = randomUUID();
      await query(spec.url, "INSERT INTO users (id, email, password_hash, updated_at) VALUES ($1, 'x@example.com', 'x', now())", [user]);
      // The previous release, still serving after the backfill, inserts without metadata: NULL.
      await query(spec.url, "INSERT INTO calculation_history (id, user_id, expression, result) VALUES ($1, $2, '1', '1')", [randomUUID(), user]);
      await expect(only(3)).rejects.toThrow(/P3018.*Null constraint failed/s);
      await folder.remove();
    } finally {
      await spec.drop();
    }
  });

  it("a migration stuck behind a long transaction gives up after lock_timeout instead of blocking everyone, and can be re-run", async () => {
    const other = await createTestDatabase();
    const blocker = new pg.Client({ connectionString: other.url });
    try {
      await applyUpTo(other, migrations, 0);
      await blocker.connect();
      await blocker.query("BEGIN");
      await blocker.query("SELECT count(*) FROM calculation_history"); // holds ACCESS SHARE until COMMIT
      const started = Date.now();
      await expect(applyUpTo(other, migrations, 1)).rejects.toThrow(/lock timeout/);
      expect(Date.now() - started).toBeLessThan(10_000);
      await blocker.query("COMMIT");
      await markMigrationRolledBack({ databaseUrl: other.url, migrationName: migrations.phases[0]?.[0] as string });
      expect(await applyUpTo(other, migrations, 3)).toHaveLength(3);
    } finally {
      await blocker.end().catch(() => undefined);
      await other.drop();
    }
  });
});

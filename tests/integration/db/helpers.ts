// Shared by the database integration tests: a fresh PostgreSQL database per test file, and
// throwaway migrations folders.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

import { withDatabase } from "../../../app/lib/db/schema-engine/pg-adapter.server";

export const ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const REPO_MIGRATIONS = path.join(REPO_ROOT, "prisma", "migrations");

export type TestDatabase = { name: string; url: string; drop(): Promise<void> };

async function admin<T>(work: (client: pg.Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates calcapp_test_<random> on the admin server; drop() removes it (even if connected). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `calcapp_test_${randomBytes(6).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: withDatabase(ADMIN_URL, name),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/** Runs one query on `url` and returns its rows. */
export async function query<R extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  return admin(async (client) => (await client.query<R>(sql, values)).rows, url);
}

/** Names of the databases on the admin server matching a LIKE pattern. */
export async function databasesLike(pattern: string): Promise<string[]> {
  const rows = await query<{ datname: string }>(
    ADMIN_URL,
    "SELECT datname FROM pg_database WHERE datname LIKE $1",
    [pattern],
  );
  return rows.map((row) => row.datname);
}

/** A temporary migrations folder holding `migrations` ({ "<name>": sql }) and a lock file. */
export async function migrationsDir(
  migrations: Record<string, string> = {},
  { lockfile = true }: { lockfile?: boolean } = {},
): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "calcapp-migrations-"));
  if (lockfile) await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function sha256File(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

/** Tables, columns and indexes of the public schema, for comparing two databases. */
export async function describeSchema(url: string): Promise<string[]> {
  const columns = await query<{ line: string }>(
    url,
    `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable ||
            COALESCE(' default ' || column_default, '') AS line
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY 1`,
  );
  const indexes = await query<{ line: string }>(
    url,
    `SELECT indexdef AS line FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
  );
  const constraints = await query<{ line: string }>(
    url,
    `SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line
       FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND conrelid <> 0
        AND conrelid::regclass::text <> '_prisma_migrations'
      ORDER BY 1`,
  );
  return [...columns, ...indexes, ...constraints].map((row) => row.line);
}

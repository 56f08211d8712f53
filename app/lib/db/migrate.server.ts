// Database migrations on Prisma's own WebAssembly schema engine: the same engine, the same
// `_prisma_migrations` bookkeeping (checksum = sha256 hex of migration.sql, started_at,
// finished_at, logs, applied_steps_count) and the same failure rules as `prisma migrate deploy`,
// so either can be used on the same database. Works on PostgreSQL and on PGlite (wire protocol).
//
// Used by the migration Lambda (arc/events/migrate), `npm run db:migrate`, `npm run db:migration`
// and the embedded dev database. Nothing here runs at import time.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import {
  MIGRATION_FILE,
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
  readMigrationList,
} from "./schema-engine/migration-list.server";
import { defaultMigrationsDir, defaultSchemaPath, defaultWasmPath } from "./schema-engine/paths.server";
import { createMigrationAdapterFactory } from "./schema-engine/pg-adapter.server";
import type { MigrationAdapterFactory } from "./schema-engine/pg-adapter.server";
import { SchemaEnginePanic, withSchemaEngine } from "./schema-engine/wasm-engine.server";
import type { EngineLogger, SchemaEngine } from "./schema-engine/wasm-engine.server";

export { defaultMigrationsDir, defaultSchemaPath, defaultWasmPath };

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Enough schema for the engine to know the connector when schema.prisma is not deployed. */
const DATASOURCE_ONLY_SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\n';

export type RunnerOptions = {
  /** The database to work on. */
  databaseUrl: string;
  /** Default: prisma/migrations, or ./migrations next to the bundle. */
  migrationsDir?: string;
  /** Default: node_modules/prisma/build/schema_engine_bg.wasm, or the one next to the bundle. */
  wasmPath?: string;
  /** Default: prisma/schema.prisma, or ./schema.prisma next to the bundle (optional for apply). */
  schemaPath?: string;
  /** Receives the engine's JSON log lines (default: dropped). */
  log?: EngineLogger;
};

/** A migration error with Prisma's error code (P3009, P3018, ...) when there is one. */
export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly migrationName: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function toMigrationError(error: unknown): MigrationError {
  if (error instanceof MigrationError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // The engine appends a Rust span trace ("   0: sql_schema_connector::...") to its messages.
  const [summary = raw] = raw.split(/\n\s+0: /);
  if (code === "P3009") {
    const failed = /The `([^`]+)` migration started at/.exec(raw)?.[1];
    return new MigrationError(
      `P3009: migration ${failed ?? "(unknown)"} failed earlier and is recorded as failed in ` +
        "_prisma_migrations, so no new migration will be applied. Fix the database by hand " +
        "(undo what the failed migration did, or finish it), then mark it with " +
        `\`npm run db:migrate -- --rolled-back ${failed ?? "<name>"}\` (or \`--applied\`), or ` +
        `invoke the migration Lambda with {"rolledBack": "${failed ?? "<name>"}"} (or "applied"), ` +
        "which also applies what is pending. See https://pris.ly/d/migrate-resolve\n" +
        summary.trim(),
      "P3009",
      failed,
      { cause: error },
    );
  }
  const failing = /with migration_name="([^"]+)"/.exec(raw)?.[1];
  if (failing) {
    const databaseError = summary.replace(/^external connector error\n?/, "").trim();
    return new MigrationError(
      `P3018: migration ${failing} failed to apply and was rolled back; it is recorded as ` +
        "failed, so later runs stop (P3009) until it is resolved. Database error: " +
        databaseError,
      "P3018",
      failing,
      { cause: error },
    );
  }
  if (error instanceof SchemaEnginePanic) {
    return new MigrationError(error.message, undefined, undefined, { cause: error });
  }
  return new MigrationError(
    summary.trim(),
    typeof code === "string" ? code : undefined,
    undefined,
    { cause: error },
  );
}

async function readSchemaFile(schemaPath: string | undefined, required: boolean) {
  const file = schemaPath ?? defaultSchemaPath();
  try {
    return { path: path.basename(file), content: await readFile(file, "utf8") };
  } catch (error) {
    if (required || (error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return { path: "schema.prisma", content: DATASOURCE_ONLY_SCHEMA };
  }
}

async function withEngine<T>(
  options: Omit<RunnerOptions, "databaseUrl" | "migrationsDir"> & {
    factory: MigrationAdapterFactory;
    schema: { path: string; content: string };
  },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await withSchemaEngine(
      {
        wasmPath: options.wasmPath ?? defaultWasmPath(),
        schema: options.schema,
        factory: options.factory,
        log: options.log,
      },
      work,
    );
  } catch (error) {
    // The engine's error matters more than one from closing the connections afterwards.
    await options.factory.close().catch(() => {});
    throw toMigrationError(error);
  }
  await options.factory.close();
  return result;
}

/**
 * Applies every migration of the migrations folder not yet applied, in name order, each in one
 * transaction. Throws MigrationError: P3018 when a migration fails (it is rolled back and recorded
 * as failed), P3009 when an earlier failure is still recorded.
 */
export async function applyMigrations(options: RunnerOptions): Promise<{ applied: string[] }> {
  const migrationsList = await readMigrationList(options.migrationsDir ?? defaultMigrationsDir());
  const schema = await readSchemaFile(options.schemaPath, false);
  const factory = createMigrationAdapterFactory({ databaseUrl: options.databaseUrl });
  return withEngine({ ...options, factory, schema }, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: NO_FILTERS,
    });
    return { applied: appliedMigrationNames };
  });
}

/**
 * Marks a failed migration as rolled back (`prisma migrate resolve --rolled-back`): after fixing
 * the database by hand, this lets the next run apply it again.
 */
export async function markMigrationRolledBack(
  options: RunnerOptions & { migrationName: string },
): Promise<void> {
  const schema = await readSchemaFile(options.schemaPath, false);
  const factory = createMigrationAdapterFactory({ databaseUrl: options.databaseUrl });
  await withEngine({ ...options, factory, schema }, (engine) =>
    engine.markMigrationRolledBack({ migrationName: options.migrationName }),
  );
}

/**
 * Records a migration as applied without running it (`prisma migrate resolve --applied`), for a
 * failed migration whose changes were completed by hand.
 */
export async function markMigrationApplied(
  options: RunnerOptions & { migrationName: string },
): Promise<void> {
  const migrationsList = await readMigrationList(options.migrationsDir ?? defaultMigrationsDir());
  const schema = await readSchemaFile(options.schemaPath, false);
  const factory = createMigrationAdapterFactory({ databaseUrl: options.databaseUrl });
  await withEngine({ ...options, factory, schema }, (engine) =>
    engine.markMigrationApplied({ migrationName: options.migrationName, migrationsList }),
  );
}

/** `add calculation metadata!` -> `add_calculation_metadata` */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 150);
  if (!slug) throw new Error(`Invalid migration name: ${JSON.stringify(name)}`);
  return slug;
}

/** Prisma's migration timestamp: UTC YYYYMMDDHHMMSS. */
export function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** True for a script of only comments and blank lines ("-- This is an empty migration."). */
function isEmptyScript(sql: string): boolean {
  return sql.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}

export type CreateMigrationOptions = Omit<RunnerOptions, "databaseUrl"> & {
  /** Human name of the change; becomes `<timestamp>_<slug>`. */
  name: string;
  /**
   * A PostgreSQL server on which a temporary shadow database is created (CREATEDB needed) and
   * dropped. Nothing is written to the database named in the URL.
   */
  databaseUrl?: string;
  /**
   * A database the engine may wipe to replay the migrations (e.g. a throwaway in-memory PGlite).
   * One of databaseUrl and shadowDatabaseUrl is required.
   */
  shadowDatabaseUrl?: string;
  /** Clock for the timestamp (tests). */
  now?: Date;
};

/**
 * Diffs the migrations folder (replayed on a shadow database) against schema.prisma and writes
 * the difference as `<migrationsDir>/<timestamp>_<slug>/migration.sql`, plus migration_lock.toml
 * if missing. Returns `{ migrationName: null }` when the schema has no changes.
 */
export async function createMigration(
  options: CreateMigrationOptions,
): Promise<{ migrationName: string | null; migrationFile: string | null; sql: string }> {
  const migrationsDir = path.resolve(options.migrationsDir ?? defaultMigrationsDir());
  const slug = migrationSlug(options.name);
  const databaseUrl = options.databaseUrl ?? options.shadowDatabaseUrl;
  if (!databaseUrl) {
    throw new Error("createMigration needs a databaseUrl or a shadowDatabaseUrl");
  }
  const migrationsList = await readMigrationList(migrationsDir);
  const lockMissing = migrationsList.lockfile.content === null;
  if (lockMissing) migrationsList.lockfile.content = MIGRATION_LOCK_CONTENT;

  const schema = await readSchemaFile(options.schemaPath, true);
  const factory = createMigrationAdapterFactory({
    databaseUrl,
    shadowDatabaseUrl: options.shadowDatabaseUrl,
  });
  const sql = await withEngine({ ...options, factory, schema }, async (engine) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? "";
  });
  if (isEmptyScript(sql)) return { migrationName: null, migrationFile: null, sql: "" };

  // Keep names strictly increasing even if the clock is behind the newest migration.
  let date = options.now ?? new Date();
  const newest = migrationsList.migrationDirectories
    .map((directory) => directory.path.slice(0, 14))
    .filter((prefix) => /^\d{14}$/.test(prefix))
    .at(-1);
  if (newest && migrationTimestamp(date) <= newest) {
    const [, y, mo, d, h, mi, se] = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(newest) ?? [];
    date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +se! + 1));
  }
  const migrationName = `${migrationTimestamp(date)}_${slug}`;

  const migrationFile = path.join(migrationsDir, migrationName, MIGRATION_FILE);
  await mkdir(path.dirname(migrationFile), { recursive: true });
  await writeFile(migrationFile, sql, { flag: "wx" });
  if (lockMissing) {
    await writeFile(path.join(migrationsDir, MIGRATION_LOCK_FILE), MIGRATION_LOCK_CONTENT);
  }
  return { migrationName, migrationFile, sql };
}

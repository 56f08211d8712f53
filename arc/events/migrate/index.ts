// The migration Lambda: applies pending migrations to the database, once per deploy, before the
// new code takes traffic (invoke it and fail the deploy on FunctionError).
//
// Packaging (arc/tooling/package-lambdas.ts): bundled with esbuild into one index.mjs, with
// prisma/migrations/ copied next to it as ./migrations and schema_engine_bg.wasm beside it; the
// runner finds both through import.meta.url (see app/lib/db/schema-engine/paths.server.ts).
//
// Configuration: DATABASE_URL, or DATABASE_URL_SECRET_ARN read through the AWS Parameters and
// Secrets Lambda Extension layer (see app/lib/secrets/secrets-extension.server.ts). Give it a timeout well
// above the slowest migration (60 s+) and reserved concurrency 1.
import {
  applyMigrations,
  markMigrationApplied,
  markMigrationRolledBack,
} from "../../../app/lib/db/migrate.server";
import { resolveDatabaseUrl } from "../../../app/lib/db/secret-url.server";
import { logger } from "../../../app/lib/observability/logger.server";
import { countRows, type RowCountsRequest } from "../../../app/lib/dr/row-counts.server";

export type MigrateResult = { applied: string[]; counts?: Record<string, number> };

/**
 * The deploy invokes it with `{}`. To resolve a failed migration (P3009) after fixing the database
 * by hand, invoke it with `{"rolledBack": "<migration>"}` (to run it again) or
 * `{"applied": "<migration>"}` (finished by hand), like `prisma migrate resolve`.
 */
export type MigrateEvent = { rolledBack?: string; applied?: string; rowCounts?: RowCountsRequest } | null | undefined;

export const handler = async (event?: MigrateEvent): Promise<MigrateResult> => {
  const started = Date.now();
  try {
    const databaseUrl = await resolveDatabaseUrl();
    // dr/scripts/restore-pitr.ts: count rows of a restored cluster from inside the VPC; no migration runs.
    if (event?.rowCounts) return { applied: [], counts: await countRows(databaseUrl, event.rowCounts) };
    if (event?.rolledBack) {
      await markMigrationRolledBack({ databaseUrl, migrationName: event.rolledBack });
      logger.info("migration marked rolled back", { event: "migration_marked_rolled_back", migration: event.rolledBack });
    }
    if (event?.applied) {
      await markMigrationApplied({ databaseUrl, migrationName: event.applied });
      logger.info("migration marked applied", { event: "migration_marked_applied", migration: event.applied });
    }
    const result = await applyMigrations({ databaseUrl });
    logger.info("migrations applied", { event: "migrations_applied", applied: result.applied, durationMs: Date.now() - started });
    return { applied: result.applied };
  } catch (error) {
    // Thrown on: the invoke reports FunctionError, the deploy stops.
    logger.error("migrations failed", {
      event: "migrations_failed",
      code: (error as { code?: string }).code,
      migration: (error as { migrationName?: string }).migrationName,
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
};

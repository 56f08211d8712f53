// A fresh PostgreSQL database per test file or run, migrated with the project's own runner and
// dropped afterwards (scripts/db/scratch-database.ts), on the test server.
import * as scratch from "../../scripts/db/scratch-database";

export type { MigratedDatabase } from "../../scripts/db/scratch-database";

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const createMigratedDatabase = (prefix: string) => scratch.createMigratedDatabase(prefix, ADMIN_URL);

export const dropStaleDatabases = (prefix: string, maxAgeMs: number) => scratch.dropStaleDatabases(prefix, maxAgeMs, ADMIN_URL);

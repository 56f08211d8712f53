// The migrations this build expects to be applied (prisma/migrations/<name>/migration.sql): built
// into the app so /v1/health can report a database that is behind the code.
import { existsSync, readdirSync } from "node:fs";

export function migrationNames(): string[] {
  const dir = new URL("../prisma/migrations/", import.meta.url);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(new URL(`${entry.name}/migration.sql`, dir)))
    .map((entry) => entry.name)
    .sort();
}

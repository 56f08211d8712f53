// `npm run db:migrate`: applies pending prisma/migrations to DATABASE_URL (shell, else .env), or
// to the embedded PGlite database (started if needed) when none is configured.
//
//   npm run db:migrate -- --rolled-back <migration>  after undoing a failed migration by hand
//   npm run db:migrate -- --applied <migration>      after completing a failed migration by hand
// (the equivalents of `prisma migrate resolve`; both then apply what is still pending).
import {
  applyMigrations,
  markMigrationApplied,
  markMigrationRolledBack,
  MigrationError,
} from "../../app/lib/db/migrate.server";
import { redactUrl, scriptDatabaseUrl } from "./database-url";

const [flag, migrationName] = process.argv.slice(2);
if (flag && !(["--rolled-back", "--applied"].includes(flag) && migrationName)) {
  console.error("Usage: npm run db:migrate [-- --rolled-back <migration> | --applied <migration>]");
  process.exit(2);
}

try {
  const databaseUrl = await scriptDatabaseUrl({ migrate: false });
  console.log(`Database: ${redactUrl(databaseUrl)}`);
  if (flag === "--rolled-back" && migrationName) {
    await markMigrationRolledBack({ databaseUrl, migrationName });
    console.log(`Marked ${migrationName} as rolled back.`);
  } else if (flag === "--applied" && migrationName) {
    await markMigrationApplied({ databaseUrl, migrationName });
    console.log(`Marked ${migrationName} as applied.`);
  }
  const { applied } = await applyMigrations({ databaseUrl });
  console.log(
    applied.length > 0
      ? `Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join("\n")}`
      : "No pending migrations.",
  );
} catch (error) {
  console.error(error instanceof MigrationError ? `\n${error.message}` : error);
  process.exit(1);
}

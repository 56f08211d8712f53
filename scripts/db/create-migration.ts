// `npm run db:migration -- <name>` (or `npm run db:migration <name>`): writes
// prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the database from the
// current migrations to prisma/schema.prisma. Review it, then `npm run db:migrate`.
//
// The migrations are replayed on a throwaway shadow database: a temporary database on the
// configured DATABASE_URL's server (shell or .env; needs CREATEDB), or, with no DATABASE_URL (or
// the embedded one, which serves a single database), an in-memory PGlite. Nothing is written to
// your database.
import path from "node:path";

import { createMigration } from "../../app/lib/db/migrate.server";
import { configuredDatabaseUrl, redactUrl } from "./database-url";
import { EMBEDDED_DATABASE_URL, repoRoot, startPgliteServer } from "./embedded-postgres";

const name = process.argv.slice(2).join(" ").trim();
if (!name || name.startsWith("-")) {
  console.error("Usage: npm run db:migration -- <name>   e.g. npm run db:migration -- add_metadata");
  process.exit(2);
}

const url = configuredDatabaseUrl();
let result: Awaited<ReturnType<typeof createMigration>>;
if (url && url !== EMBEDDED_DATABASE_URL) {
  console.log(`Shadow database: a temporary database on ${redactUrl(url)}`);
  result = await createMigration({ name, databaseUrl: url });
} else {
  console.log("Shadow database: an in-memory PGlite");
  const shadow = await startPgliteServer();
  try {
    result = await createMigration({ name, shadowDatabaseUrl: shadow.url });
  } finally {
    await shadow.stop();
  }
}

if (!result.migrationName || !result.migrationFile) {
  console.log("No schema changes: prisma/schema.prisma matches prisma/migrations.");
} else {
  console.log(`Created ${path.relative(repoRoot, result.migrationFile)}:\n`);
  console.log(result.sql);
  console.log("Review it, then apply it with: npm run db:migrate");
}

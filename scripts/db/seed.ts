// `npm run db:seed`: demo data for development (idempotent: re-running replaces the demo history).
// Uses DATABASE_URL (shell, else .env) or the embedded PGlite database, migrated first.
//
// The demo user's password hash is the literal "!disabled", which is not an argon2 hash: no
// password matches it (app/lib/auth/password-hash.server.ts), so nobody can log in as the demo
// user. Its rows are there to look at in the database and to exercise the history queries.
import { disconnectPrisma, getPrisma } from "../../app/lib/db/client.server";
import { applyMigrations } from "../../app/lib/db/migrate.server";
import { DEMO_CALCULATIONS, DEMO_EMAIL, DISABLED_PASSWORD_HASH } from "../../prisma/seed-data";
import { redactUrl, scriptDatabaseUrl } from "./database-url";

export async function seed(now = new Date()): Promise<{ userId: string; calculations: number }> {
  const prisma = await getPrisma();
  const user = await prisma.user.upsert({
    where: { email: DEMO_EMAIL },
    create: { email: DEMO_EMAIL, passwordHash: DISABLED_PASSWORD_HASH },
    update: { deletedAt: null }, // a password set on the demo account (if any) is kept
  });
  const [, created] = await prisma.$transaction([
    prisma.calculationHistory.deleteMany({ where: { userId: user.id } }),
    prisma.calculationHistory.createMany({
      // Oldest first, 37 minutes apart, the newest a minute ago.
      data: DEMO_CALCULATIONS.map(([expression, result], i) => ({
        userId: user.id,
        expression,
        result,
        createdAt: new Date(now.getTime() - (DEMO_CALCULATIONS.length - i) * 37 * 60_000),
      })),
    }),
  ]);
  return { userId: user.id, calculations: created.count };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const databaseUrl = await scriptDatabaseUrl({ migrate: false });
    const { applied } = await applyMigrations({ databaseUrl });
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(", ")}`);
    process.env.DATABASE_URL = databaseUrl;
    const { calculations } = await seed();
    console.log(`Seeded ${redactUrl(databaseUrl)}: ${DEMO_EMAIL} with ${calculations} calculations.`);
    console.log("Note: the demo user has no password and cannot log in; sign up at /signup for your own account.");
  } finally {
    await disconnectPrisma();
  }
}

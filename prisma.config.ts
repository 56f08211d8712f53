import { defineConfig } from "prisma/config";

// Prisma 7 reads the datasource URL from here, not from schema.prisma. DATABASE_URL may be unset:
// `prisma generate` (npm run db:generate) does not need it, and migrations do not go through the
// prisma CLI here (it needs a native engine it cannot download offline) but through our runner on
// Prisma's WASM schema engine (app/lib/db/migrate.server.ts, npm run db:migrate / db:migration).
export default defineConfig({
  schema: "prisma/schema.prisma",
  // `prisma db seed` runs the same seed as `npm run db:seed`.
  migrations: { path: "prisma/migrations", seed: "tsx scripts/db/seed.ts" },
  datasource: { url: process.env.DATABASE_URL },
});

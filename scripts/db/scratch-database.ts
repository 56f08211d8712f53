// Throwaway PostgreSQL databases for tests and benchmarks: `<prefix>_<epoch ms>_<random>`,
// migrated with the project's own runner (as the migration Lambda does), dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../../app/lib/db/migrate.server";
import { withDatabase } from "../../app/lib/db/schema-engine/pg-adapter.server";

export type MigratedDatabase = { name: string; url: string; drop(): Promise<void> };

async function admin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `<prefix>_<epoch ms>_<random>` on the server of `adminUrl` and applies prisma/migrations. */
export async function createMigratedDatabase(prefix: string, adminUrl: string): Promise<MigratedDatabase> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await admin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(adminUrl, name);
  const drop = () => admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  try {
    await applyMigrations({ databaseUrl: url });
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url, drop };
}

/** Drops `<prefix>_<epoch ms>_*` databases older than maxAgeMs: runs that were killed before cleaning up. */
export async function dropStaleDatabases(prefix: string, maxAgeMs: number, adminUrl: string): Promise<string[]> {
  const rows = await admin(adminUrl, (client) =>
    client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}\\_%`]),
  );
  const stale = rows.rows
    .map((row) => row.datname)
    .filter((name) => {
      const stamp = Number(name.slice(prefix.length + 1).split("_")[0]);
      return Number.isFinite(stamp) && Date.now() - stamp > maxAgeMs;
    });
  for (const name of stale) await admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  return stale;
}

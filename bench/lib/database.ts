// A fresh PostgreSQL database for a benchmark run, migrated with the project's own runner, and
// how many connections it has right now. Loopback only (the machine's PostgreSQL).
import pg from "pg";
import { createMigratedDatabase, type MigratedDatabase } from "../../scripts/db/scratch-database";

export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type BenchDatabase = MigratedDatabase;

export const createBenchDatabase = (prefix: string): Promise<BenchDatabase> => createMigratedDatabase(prefix, ADMIN_URL);

/** Polls pg_stat_activity for the database every `everyMs` and keeps the largest count seen. */
export function watchConnections(adminUrl: string, database: string, everyMs = 100) {
  const client = new pg.Client({ connectionString: adminUrl });
  let max = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [database],
      );
      max = Math.max(max, rows[0]?.n ?? 0);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    await client.end();
  })();
  return {
    get max() {
      return max;
    },
    async stop(): Promise<number> {
      running = false;
      await loop;
      return max;
    },
  };
}

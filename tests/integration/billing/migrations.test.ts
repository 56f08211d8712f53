// The billing migrations (subscription_cancel_at, billing_pause_dispute_refund) applied while the
// previous release keeps writing the mirror and the event log with its own queries, which name
// none of the new columns: nothing fails, and its rows get the defaults (no cancel_at, collection
// not paused, no dispute). A purged user's refunds keep their amounts without the user.
import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { applyMigrations } from "../../../app/lib/db/migrate.server";
import { createTestDatabase, migrationsDir, query, REPO_MIGRATIONS, type TestDatabase } from "../db/helpers";

const NEW = ["subscription_cancel_at", "billing_pause_dispute_refund"];

async function migrationsUpTo(count: number): Promise<Record<string, string>> {
  const names = (await readdir(REPO_MIGRATIONS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const first = names.find((name) => name.endsWith(`_${NEW[0]}`)) as string;
  const included = names.filter((name) => name < first || NEW.slice(0, count).some((suffix) => name.endsWith(`_${suffix}`)));
  return Object.fromEntries(await Promise.all(included.map(async (name) => [name, await readFile(path.join(REPO_MIGRATIONS, name, "migration.sql"), "utf8")] as const)));
}

async function applyUpTo(db: TestDatabase, count: number): Promise<string[]> {
  const folder = await migrationsDir(await migrationsUpTo(count));
  try {
    return (await applyMigrations({ databaseUrl: db.url, migrationsDir: folder.dir })).applied;
  } finally {
    await folder.remove();
  }
}

describe("billing migrations under the previous release's queries", () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 3 });
    // pool.end() can resolve while a connection is still closing; the FORCE drop in afterAll then
    // ends it with 57P01, which is expected here and must not surface as an unhandled error.
    pool.on("error", () => {});
    await applyUpTo(db, 0);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it("keeps the previous release's mirror writes working through both migrations", async () => {
    const errors: string[] = [];
    let running = true;
    let writes = 0;
    const loop = (async () => {
      const client = await pool.connect();
      try {
        for (let i = 0; running; i++) {
          const userId = randomUUID();
          try {
            await client.query("INSERT INTO users (id, email, password_hash, updated_at, stripe_customer_id) VALUES ($1, $2, 'x', now(), $3)", [userId, `m${i}-${userId}@example.com`, `cus_${i}_${userId.slice(0, 8)}`]);
            await client.query(
              `INSERT INTO subscription (id, user_id, stripe_subscription_id, status, price_id, current_period_end, cancel_at_period_end, status_changed_at, last_event_created_at, updated_at)
               VALUES ($1, $2, $3, 'active', 'price_x', now() + interval '30 days', false, now(), now(), now())
               ON CONFLICT (user_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`,
              [randomUUID(), userId, `sub_${userId}`],
            );
            await client.query("INSERT INTO stripe_event (id, type, created_at) VALUES ($1, 'customer.subscription.updated', now()) ON CONFLICT DO NOTHING", [`evt_${userId}`]);
            await client.query("SELECT status, price_id, current_period_end, cancel_at_period_end, status_changed_at FROM subscription WHERE user_id = $1", [userId]);
            writes++;
          } catch (error) {
            errors.push((error as Error).message);
          }
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      } finally {
        client.release();
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await applyUpTo(db, 1)).toEqual([expect.stringMatching(/_subscription_cancel_at$/)]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await applyUpTo(db, 2)).toEqual([expect.stringMatching(/_billing_pause_dispute_refund$/)]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    running = false;
    await loop;
    expect(errors).toEqual([]);
    expect(writes).toBeGreaterThan(10);
    const [row] = await query<{ cancel_at: Date | null; collection_paused: boolean; disputed_at: Date | null; n: string }>(
      db.url,
      "SELECT bool_and(cancel_at IS NULL) AS cancel_at, bool_and(NOT collection_paused) AS collection_paused, bool_and(disputed_at IS NULL) AS disputed_at, count(*) AS n FROM subscription",
    );
    expect(row).toMatchObject({ cancel_at: true, collection_paused: true, disputed_at: true });
    expect(Number(row?.n)).toBe(writes);
  });

  it("keeps a refund's amounts when its user is deleted for good", async () => {
    const userId = randomUUID();
    await query(db.url, "INSERT INTO users (id, email, password_hash, updated_at) VALUES ($1, $2, 'x', now())", [userId, `refund-${userId}@example.com`]);
    await query(db.url, "INSERT INTO charge_refund (charge_id, user_id, customer_id, amount_refunded, currency, refunded_at) VALUES ('ch_1', $1, 'cus_1', 499, 'usd', now())", [userId]);
    await query(db.url, "DELETE FROM users WHERE id = $1", [userId]);
    expect(await query(db.url, "SELECT charge_id, user_id, amount_refunded FROM charge_refund")).toEqual([{ charge_id: "ch_1", user_id: null, amount_refunded: 499 }]);
  });
});

// Row counts of a (restored) cluster, for dr/scripts/restore-pitr.ts. Runs inside the VPC, in the
// migration Lambda (`{"rowCounts": {host, port, tables}}`): the operator's machine has no route to
// the private subnets. Connects with the app's database credentials to another host of the same
// global database / restore (same users), over TLS as every app connection does.
import pg from "pg";

const TABLE = /^[a-z_][a-z0-9_]*$/;

export type RowCountsRequest = { host: string; port: number; tables: string[] };

export async function countRows(databaseUrl: string, request: RowCountsRequest): Promise<Record<string, number>> {
  const bad = request.tables.filter((t) => !TABLE.test(t));
  if (bad.length) throw new Error(`not a table name: ${bad.join(", ")}`);
  const url = new URL(databaseUrl);
  url.hostname = request.host;
  url.port = String(request.port);
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000, query_timeout: 60_000 });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of request.tables) counts[table] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0]?.n ?? 0);
    return counts;
  } finally {
    await client.end();
  }
}

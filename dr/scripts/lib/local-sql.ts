// One query on a fresh connection, for the local backends: each call must work while a cluster
// is being promoted or restored under it, so no pool keeps a dead connection around.
import pg from "pg";

export async function queryOnce<T extends pg.QueryResultRow>(config: pg.ClientConfig, text: string): Promise<T[]> {
  const client = new pg.Client(config);
  client.on("error", () => {}); // a server going away mid-drill is reported by the query itself
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

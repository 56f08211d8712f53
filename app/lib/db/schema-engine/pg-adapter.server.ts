// The driver adapter the schema engine migrates through: @prisma/adapter-pg 7.10.1 wrapped to fix
// its three bugs on this path (toolchain note, "Prisma 7 and PostgreSQL"):
//
// 1. `executeScript` splits the script on ";" and runs the pieces one by one, so a migration that
//    fails in its second statement stays half applied, and `$$`-quoted function bodies break.
//    Fixed: the whole script goes to PostgreSQL as ONE simple-protocol query, which PostgreSQL
//    runs as one implicit transaction (all or nothing), exactly like the native engine does.
// 2. Catalog columns of type "char" (OID 18, e.g. pg_constraint.contype) fail to deserialize
//    ("Unsupported column type char"). Reporting them as text is not enough: the engine reads
//    some of them as a Rust char (constraint_type, which panics as soon as a table has a CHECK
//    constraint, or on PostgreSQL 18 / PGlite, which list NOT NULL constraints too). Fixed: our pg
//    client marks such columns (name suffix, text OID, so that adapter-pg accepts them) and the
//    wrapper turns them into ColumnType Character, as the native engine sees them.
// 3. `connectToShadowDb` with a connection string reconnects to the MAIN database (pg lets the
//    URL win over `database`), and its disposal drops the shadow database before closing the pool
//    that is still connected to it. Fixed: we create the shadow database, connect to it (and check
//    that we did), close our pool, then drop it.
import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
} from "@prisma/driver-adapter-utils";
import { randomUUID } from "node:crypto";
import pg from "pg";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
/** Appended to the name of a "char" column between our pg client and our adapter wrapper. */
const CHAR_COLUMN_MARK = "\u0000pg_char";

type ResultWithFields = { fields?: Array<{ name: string; dataTypeID: number }> };

function markCharColumns<T>(result: T): T {
  const results = (Array.isArray(result) ? result : [result]) as ResultWithFields[];
  for (const one of results) {
    for (const field of one?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        field.name += CHAR_COLUMN_MARK;
      }
    }
  }
  return result;
}

/** Turns the columns marked by markCharColumns into Character columns (bug 2). */
function restoreCharColumns(result: SqlResultSet): SqlResultSet {
  if (!result.columnNames.some((name) => name.endsWith(CHAR_COLUMN_MARK))) return result;
  return {
    ...result,
    columnNames: result.columnNames.map((name) =>
      name.endsWith(CHAR_COLUMN_MARK) ? name.slice(0, -CHAR_COLUMN_MARK.length) : name,
    ),
    columnTypes: result.columnTypes.map((type, i) =>
      result.columnNames[i]?.endsWith(CHAR_COLUMN_MARK) ? ColumnTypeEnum.Character : type,
    ),
  };
}

/** A pg.Client that marks "char" columns in its results (bug 2). */
export class CharAsTextClient extends pg.Client {
  // pg.Client#query has a dozen overloads (promise and callback styles); this covers them all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const callbackIndex = args.findIndex((arg) => typeof arg === "function");
    if (callbackIndex >= 0) {
      const callback = args[callbackIndex] as (err: Error | null, res: unknown) => void;
      args[callbackIndex] = (err: Error | null, res: unknown) =>
        callback(err, err ? res : markCharColumns(res));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as (...a: any[]) => any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const returned = (super.query as (...a: any[]) => any)(...args);
    return returned instanceof Promise ? returned.then(markCharColumns) : returned;
  }
}

type Queryable = Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">;

function restoringCharColumns<T extends Queryable>(queryable: T): T {
  return Object.assign(Object.create(queryable) as T, {
    queryRaw: async (query: SqlQuery) => restoreCharColumns(await queryable.queryRaw(query)),
  });
}

/**
 * Wraps an adapter so that `executeScript` sends the whole script as one query (bug 1) and
 * "char" columns come back as Character (bug 2), in transactions too.
 */
function wholeScriptAdapter(
  adapter: SqlDriverAdapter,
  dispose: () => Promise<void> = () => adapter.dispose(),
): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: async (query) => restoreCharColumns(await adapter.queryRaw(query)),
    executeRaw: (query) => adapter.executeRaw(query),
    startTransaction: async (isolationLevel) =>
      restoringCharColumns(await adapter.startTransaction(isolationLevel)),
    getConnectionInfo: () => adapter.getConnectionInfo?.() ?? { supportsRelationJoins: true },
    // A query without parameters goes over pg's simple query protocol, which accepts several
    // statements and runs them in one implicit transaction. Going through executeRaw keeps
    // adapter-pg's mapping of PostgreSQL errors (code, message, detail) for the engine's logs.
    executeScript: async (script) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    },
    dispose,
  };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The same connection URL pointing at another database on the same server. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export type MigrationAdapterOptions = {
  databaseUrl: string;
  /**
   * A database the engine may wipe and use as its shadow database (needed to diff a migrations
   * folder). Without it, a temporary database is created on the server of `databaseUrl` and dropped
   * afterwards (needs CREATEDB; not possible on PGlite, which serves a single database).
   */
  shadowDatabaseUrl?: string;
  /** Extra pg pool settings (connection timeout and the like). */
  poolConfig?: pg.PoolConfig;
};

export type MigrationAdapterFactory = SqlMigrationAwareDriverAdapterFactory & {
  /** Closes every connection this factory opened and drops any shadow database still around. */
  close(): Promise<void>;
};

/**
 * One connection for everything the engine does on a database: it takes a session-level
 * advisory lock for the whole run, which must be released on the session that took it.
 */
function createPool(connectionString: string, extra: pg.PoolConfig | undefined): pg.Pool {
  const pool = new pg.Pool({
    connectionTimeoutMillis: 10_000,
    ...extra,
    connectionString,
    max: 1,
    idleTimeoutMillis: 0,
    Client: CharAsTextClient,
  });
  // An idle client dropped by the server (e.g. after the run) must not crash the process.
  pool.on("error", () => {});
  return pool;
}

export function createMigrationAdapterFactory(
  options: MigrationAdapterOptions,
): MigrationAdapterFactory {
  const pools = new Set<pg.Pool>();
  const shadowDatabases = new Set<string>();
  let mainPool: pg.Pool | undefined;
  // CREATE/DROP DATABASE go through their own connection, so that they never wait behind the
  // engine's (which may be inside a transaction) on the single-connection main pool.
  let adminPool: pg.Pool | undefined;

  const openPool = (url: string) => {
    const pool = createPool(url, options.poolConfig);
    pools.add(pool);
    return pool;
  };
  const endPool = async (pool: pg.Pool) => {
    if (!pools.delete(pool)) return;
    await pool.end();
  };
  const getMainPool = () => (mainPool ??= openPool(options.databaseUrl));
  const getAdminPool = () => (adminPool ??= openPool(options.databaseUrl));

  const dropShadowDatabase = async (name: string) => {
    if (!shadowDatabases.delete(name)) return;
    await getAdminPool().query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  };

  const factory: MigrationAdapterFactory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",

    async connect() {
      const adapter = await new PrismaPg(getMainPool()).connect();
      // The pool is ours: it is closed by close(), not by the engine disposing the adapter.
      return wholeScriptAdapter(adapter, async () => {});
    },

    async connectToShadowDb() {
      if (options.shadowDatabaseUrl) {
        const pool = openPool(options.shadowDatabaseUrl);
        const adapter = await new PrismaPg(pool).connect();
        return wholeScriptAdapter(adapter, () => endPool(pool));
      }
      const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "")}`;
      await getAdminPool().query(`CREATE DATABASE ${quoteIdent(name)}`);
      shadowDatabases.add(name);
      const pool = openPool(withDatabase(options.databaseUrl, name));
      try {
        const { rows } = await pool.query<{ db: string }>("SELECT current_database() AS db");
        if (rows[0]?.db !== name) {
          throw new Error(
            `Connected to database "${rows[0]?.db}" instead of the new shadow database "${name}": ` +
              "this server does not serve several databases (PGlite?). Pass a shadowDatabaseUrl.",
          );
        }
      } catch (error) {
        await endPool(pool);
        await dropShadowDatabase(name);
        throw error;
      }
      const adapter = await new PrismaPg(pool).connect();
      return wholeScriptAdapter(adapter, async () => {
        await endPool(pool);
        await dropShadowDatabase(name);
      });
    },

    async close() {
      const errors: unknown[] = [];
      // Shadow databases' pools first, then the databases themselves, then the rest.
      for (const pool of [...pools]) {
        if (pool === mainPool || pool === adminPool) continue;
        await endPool(pool).catch((error: unknown) => errors.push(error));
      }
      for (const name of [...shadowDatabases]) {
        await dropShadowDatabase(name).catch((error: unknown) => errors.push(error));
      }
      for (const pool of [adminPool, mainPool]) {
        if (pool) await endPool(pool).catch((error: unknown) => errors.push(error));
      }
      mainPool = adminPool = undefined;
      if (errors.length > 0) throw errors[0];
    },
  };
  return factory;
}

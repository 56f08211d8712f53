// The drill's stand-in for AWS (npm run dr:drill): the same failover logic, acting on real
// processes on loopback. PostgreSQL clusters stand for the Aurora clusters (the replica is
// promoted with pg_promote(), as Aurora promotes the secondary; the drill's writer-endpoint proxy
// follows the writer as Aurora's global writer endpoint does), Redis replicas for the ElastiCache
// Global Datastore (REPLICAOF NO ONE), JSON files for the Secrets Manager secrets (one file per
// region: the region's copy of a replicated secret), a "fenced" marker per region for reserved
// concurrency 0 (and the region's app process stopped, as Lambda stops invoking), and each
// region's own /health for what Route 53's checkers see. A region the drill has killed answers
// nothing (its `downFile` exists), as a failed region's APIs do. What the drill has no
// equivalent for (scheduled jobs) is reported as "not rehearsed locally".
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { Redis } from "ioredis";
import type pg from "pg";
import * as z from "zod/mini";
import type { AppBackend, DatabaseBackend, Endpoint, GlobalState, Member, RegionHealth, RegionRole } from "./backend";
import { queryOnce } from "./local-sql";
import { NotRehearsed, Refusal, type Clock } from "./runtime";

const regionSchema = z.object({
  database: z.object({ host: z.string(), port: z.number(), user: z.string(), database: z.string() }),
  redisPort: z.number(),
  /** The region's copy of the database secret: JSON {host, port, username, password, dbname}. */
  secretFile: z.string(),
  /** The region's copy of the region role secret: JSON {writer, epoch}. */
  roleFile: z.string(),
  /** The region's own /health (its app process). */
  healthUrl: z.string(),
  /** Exists while the drill has killed the region: nothing there answers. */
  downFile: z.string(),
  /** Reserved concurrency 0: exists while the region's functions are fenced. */
  fenceFile: z.string(),
  /** The region's app process (its process group is stopped when the region is fenced). */
  appPidFile: z.optional(z.string()),
});

export const localConfigSchema = z.object({
  globalId: z.string(),
  frontUrl: z.string(),
  /** The drill's global writer endpoint (a proxy that follows the writer). */
  globalWriterEndpoint: z.object({ host: z.string(), port: z.number() }),
  /** Where the drill's monitor writes the last measured replication lag ({lagMs, at}), like CloudWatch. */
  lagFile: z.string(),
  regions: z.record(z.string(), regionSchema),
});

export type LocalConfig = z.infer<typeof localConfigSchema>;

export class LocalBackend implements DatabaseBackend, AppBackend {
  readonly kind = "local" as const;

  constructor(
    readonly config: LocalConfig,
    private readonly clock: Clock,
  ) {}

  private region(region: string) {
    const config = this.config.regions[region];
    if (!config) throw new Refusal(`wrong region: ${region} is not a region of the drill (${Object.keys(this.config.regions).join(", ")})`);
    return config;
  }

  private sql<T extends pg.QueryResultRow>(region: string, text: string): Promise<T[]> {
    return queryOnce<T>({ ...this.region(region).database, connectionTimeoutMillis: 1_000, query_timeout: 2_000 }, text);
  }


  private async redis<T>(region: string, run: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis({ host: "127.0.0.1", port: this.region(region).redisPort, lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, enableOfflineQueue: false, retryStrategy: () => null });
    client.on("error", () => {});
    await client.connect();
    try {
      return await run(client);
    } finally {
      client.disconnect();
    }
  }

  // ---------------------------------------------------------------- DatabaseBackend ----

  async describeGlobal(): Promise<GlobalState> {
    const members: Member[] = [];
    for (const region of Object.keys(this.config.regions)) {
      try {
        const [row] = await this.sql<{ recovery: boolean; receiver: string | null }>(region, "SELECT pg_is_in_recovery() AS recovery, (SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS receiver");
        members.push({ region, clusterId: `${this.config.globalId}-${region}`, isWriter: !row?.recovery, status: "available", sync: !row?.recovery || row?.receiver === "streaming" ? "connected" : "disconnected" });
      } catch {
        members.push({ region, clusterId: `${this.config.globalId}-${region}`, isWriter: false, status: "unreachable", sync: "unreachable" });
      }
    }
    // Like Aurora, a dead writer is still listed as the writer until another member is promoted.
    if (!members.some((m) => m.isWriter)) {
      const dead = members.find((m) => m.status === "unreachable");
      if (dead) dead.isWriter = true;
    }
    return { id: this.config.globalId, status: "available", members };
  }

  async replicationLagMs(): Promise<number | null> {
    try {
      const { lagMs } = JSON.parse(readFileSync(this.config.lagFile, "utf8")) as { lagMs: number | null };
      return lagMs;
    } catch {
      return null;
    }
  }

  async switchover(): Promise<void> {
    throw new Refusal("the drill rehearses the unplanned failover only (--unplanned --allow-data-loss); planned switchovers are tested against the AWS fake");
  }

  async failover(region: string): Promise<void> {
    // What FailoverGlobalCluster does to the secondary: stop applying the primary's log, open for writes.
    await this.sql(region, "SELECT pg_promote(false)");
  }

  async globalWriterEndpoint(): Promise<Endpoint> {
    return this.config.globalWriterEndpoint;
  }

  /** A call into a region the drill has killed fails, as an AWS API of a failed region does. */
  private reachable(region: string): void {
    if (existsSync(this.region(region).downFile)) throw new Error(`${region} does not answer (connect ETIMEDOUT)`);
  }

  async addSecondary(): Promise<void> {
    throw new Refusal("rebuilding a secondary is not part of the drill");
  }

  // -------------------------------------------------------------------- AppBackend ----

  async databaseSecretEndpoint(region: string): Promise<Partial<Endpoint> | undefined> {
    try {
      const value = JSON.parse(readFileSync(this.region(region).secretFile, "utf8")) as { host?: string; port?: number };
      return { host: value.host, port: value.port };
    } catch {
      return undefined;
    }
  }

  async sessionsWritable(region: string): Promise<boolean> {
    const info = await this.redis(region, (client) => client.info("replication"));
    return /role:master/.test(info);
  }

  async promoteSessions(region: string): Promise<void> {
    // What promoting the Global Datastore's secondary does: it stops replicating and takes writes.
    await this.redis(region, (client) => client.call("REPLICAOF", "NO", "ONE"));
  }

  async regionRole(region: string): Promise<RegionRole | undefined> {
    this.reachable(region);
    try {
      const value = JSON.parse(readFileSync(this.region(region).roleFile, "utf8")) as Partial<RegionRole>;
      return typeof value.writer === "string" ? { writer: value.writer, epoch: Number(value.epoch ?? 0) } : undefined;
    } catch {
      return undefined;
    }
  }

  async setRegionRole(region: string, role: RegionRole): Promise<void> {
    this.reachable(region);
    const file = this.region(region).roleFile;
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...role, updatedAt: new Date(this.clock.now()).toISOString() }));
    renameSync(`${file}.tmp`, file);
  }

  async functionsFenced(region: string): Promise<boolean> {
    this.reachable(region);
    return existsSync(this.region(region).fenceFile);
  }

  async fenceFunctions(region: string): Promise<void> {
    this.reachable(region);
    const config = this.region(region);
    writeFileSync(config.fenceFile, new Date(this.clock.now()).toISOString());
    // Lambda stops invoking a function with reserved concurrency 0: stop the region's app process.
    const pid = config.appPidFile && existsSync(config.appPidFile) ? Number(readFileSync(config.appPidFile, "utf8")) : 0;
    if (pid > 0) {
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }

  async unfenceFunctions(region: string): Promise<void> {
    this.reachable(region);
    rmSync(this.region(region).fenceFile, { force: true });
  }

  async schedulesEnabled(): Promise<boolean> {
    throw new NotRehearsed("the drill's regions run no scheduled jobs; tests/dr drive the EventBridge calls against the AWS fake");
  }

  async setSchedules(): Promise<void> {
    throw new NotRehearsed("the drill's regions run no scheduled jobs");
  }

  async regionHealth(region: string): Promise<RegionHealth> {
    try {
      const response = await fetch(this.region(region).healthUrl, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return response.status === 200 ? "healthy" : "unhealthy";
    } catch {
      return "unknown";
    }
  }

  async servingRegion(): Promise<string | undefined> {
    const response = await fetch(`${this.config.frontUrl}/v1/health`, { signal: AbortSignal.timeout(3_000) });
    const body = (await response.json()) as { region?: unknown };
    return typeof body.region === "string" ? body.region : undefined;
  }

  async smoke(): Promise<{ ok: boolean; detail: string }> {
    const { runSmoke } = await import("../../../scripts/smoke");
    const results = await runSmoke(this.config.frontUrl, { log: () => {}, retries: 1, retryDelayMs: 200, timeoutMs: 5_000 });
    const failed = results.filter((r) => !r.ok);
    void this.clock;
    return { ok: failed.length === 0, detail: failed.length ? failed.map((r) => `${r.name}: ${r.detail}`).join("; ") : `${results.length} smoke checks passed (${results.map((r) => `${r.name} ${Math.round(r.ms)} ms`).join(", ")})` };
  }
}

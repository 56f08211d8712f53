// The drill's stand-in for AWS (npm run dr:drill): the same failover logic, acting on real
// processes on loopback. PostgreSQL clusters stand for the Aurora clusters (the replica is
// promoted with pg_promote(), as Aurora promotes the secondary), Redis replicas for the
// ElastiCache Global Datastore (REPLICAOF NO ONE), JSON files for the Secrets Manager secrets,
// and the drill's front (dr/drill/front.ts) for Route 53: its /__front/status reports each region's
// health as its probes see it, /__front/pin pins traffic like the calculated health check.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import * as z from "zod/mini";
import type { AppBackend, DatabaseBackend, Endpoint, GlobalState, Member, RegionHealth } from "./backend";
import { Refusal, type Clock } from "./runtime";

const regionSchema = z.object({
  database: z.object({ host: z.string(), port: z.number(), user: z.string(), database: z.string() }),
  redisPort: z.number(),
  /** The region's database secret: JSON {host, port, username, password, dbname}. */
  secretFile: z.string(),
});

export const localConfigSchema = z.object({
  globalId: z.string(),
  frontUrl: z.string(),
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

  private async sql<T extends pg.QueryResultRow>(region: string, text: string): Promise<T[]> {
    const { database } = this.region(region);
    const client = new pg.Client({ ...database, connectionTimeoutMillis: 1_000, query_timeout: 2_000 });
    client.on("error", () => {});
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end().catch(() => {});
    }
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

  async writerEndpoint(region: string): Promise<Endpoint> {
    const { host, port } = this.region(region).database;
    return { host, port };
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

  async pointDatabaseSecret(region: string, endpoint: Endpoint): Promise<void> {
    const file = this.region(region).secretFile;
    const value = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...value, host: endpoint.host, port: endpoint.port }));
    renameSync(`${file}.tmp`, file);
  }

  async sessionsWritable(region: string): Promise<boolean> {
    const info = await this.redis(region, (client) => client.info("replication"));
    return /role:master/.test(info);
  }

  async promoteSessions(region: string): Promise<void> {
    // What promoting the Global Datastore's secondary does: it stops replicating and takes writes.
    await this.redis(region, (client) => client.call("REPLICAOF", "NO", "ONE"));
  }

  private async front(path: string, init?: RequestInit): Promise<unknown> {
    const response = await fetch(`${this.config.frontUrl}${path}`, { ...init, signal: AbortSignal.timeout(2_000) });
    if (!response.ok) throw new Error(`front ${path}: HTTP ${response.status}`);
    return response.json();
  }

  async routeTraffic(region: string): Promise<void> {
    await this.front("/__front/pin", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ region }) });
  }

  async trafficRoutedTo(region: string): Promise<boolean> {
    const status = (await this.front("/__front/status")) as { pinned: string | null; primary: string };
    return (status.pinned ?? status.primary) === region;
  }

  // The drill's regions run no scheduled jobs: nothing to switch.
  async schedulesEnabled(): Promise<boolean> {
    return true;
  }

  async setSchedules(): Promise<void> {}

  async regionHealth(region: string): Promise<RegionHealth> {
    const status = (await this.front("/__front/status")) as { regions: Record<string, { healthy: boolean }> };
    const r = status.regions[region];
    return r ? (r.healthy ? "healthy" : "unhealthy") : "unknown";
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

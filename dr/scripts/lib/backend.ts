// The operations the DR scripts need, as interfaces. Two implementations drive the same script
// logic: aws-backend.ts (AWS SDK v3: RDS, Secrets Manager, Route 53, Lambda, S3, CloudFront) and
// local-backend.ts (the drill: real PostgreSQL and Redis processes and the drill's front on
// loopback). Tests drive the AWS one against a stateful fake of the AWS APIs.

export type Endpoint = { host: string; port: number };

export type Member = {
  region: string;
  clusterId: string;
  isWriter: boolean;
  /** The cluster's own status: "available" when it can take part in a switch. */
  status: string;
  /** Replication from the writer: "connected", "pending-resync", or "unreachable" (region down). */
  sync: string;
};

export type GlobalState = {
  id: string;
  status: string;
  members: Member[];
  /** A switchover/failover under way: to which region. */
  switching?: { to: string; status: string };
};

export interface DatabaseBackend {
  readonly kind: "aws" | "local";
  describeGlobal(): Promise<GlobalState>;
  /** The latest measured replication lag of the member in `region` (CloudWatch
   * AuroraGlobalDBRPOLag); null when nothing was measured. */
  replicationLagMs(region: string): Promise<number | null>;
  /** Planned: SwitchoverGlobalCluster, no data loss (both regions healthy). */
  switchover(region: string): Promise<void>;
  /** Unplanned: FailoverGlobalCluster with AllowDataLoss (or detach-and-promote). */
  failover(region: string, options: { allowDataLoss: true }): Promise<void>;
  writerEndpoint(region: string): Promise<Endpoint>;
  /** Failback: (re)create a secondary cluster for `region` in the global cluster. */
  addSecondary(region: string): Promise<void>;
}

export type RegionHealth = "healthy" | "unhealthy" | "unknown";

export interface AppBackend {
  /** The database the region's stack reads from its DATABASE_URL secret. */
  databaseSecretEndpoint(region: string): Promise<Partial<Endpoint> | undefined>;
  pointDatabaseSecret(region: string, endpoint: Endpoint): Promise<void>;
  /** Sessions (ElastiCache Global Datastore / the drill's Redis replica): does `region`'s store take writes? */
  sessionsWritable(region: string): Promise<boolean>;
  promoteSessions(region: string, options: { allowDataLoss: boolean }): Promise<void>;
  /**
   * Keep traffic on `region` whatever the other region's health says: the PRIMARY record's
   * calculated health check is forced unhealthy (child threshold 2 of 1) while another region is
   * the writer, so a recovering us-east-1 (its database now a reader) does not take traffic back;
   * failback sets the threshold back to 1. (Inverting the HTTPS check would not do: an inverted
   * check of a dead region reports healthy.)
   */
  routeTraffic(region: string): Promise<void>;
  trafficRoutedTo(region: string): Promise<boolean>;
  /** The region's @scheduled jobs (EventBridge rules): enabled only where the database is the writer. */
  schedulesEnabled(region: string): Promise<boolean>;
  setSchedules(region: string, enabled: boolean): Promise<void>;
  /** Route 53 health check of the region's API (or the drill front's view of it). */
  regionHealth(region: string): Promise<RegionHealth>;
  /** The region the public site answers from (GET /v1/health through CloudFront / the front). */
  servingRegion(): Promise<string | undefined>;
  smoke(): Promise<{ ok: boolean; detail: string }>;
}

export type FunctionState = { name: string; liveVersion: string; versions: string[] };
export type AssetVersion = { key: string; versionId: string; lastModified: number; isLatest: boolean };

export interface DeployBackend {
  functions(region: string): Promise<FunctionState[]>;
  /** When a version was published (ms since epoch). */
  versionPublishedAt(region: string, functionName: string, version: string): Promise<number>;
  moveAlias(region: string, functionName: string, version: string): Promise<void>;
  assetVersions(region: string): Promise<AssetVersion[]>;
  restoreAsset(region: string, key: string, versionId: string): Promise<void>;
  invalidate(paths: string[]): Promise<void>;
}

export type ClusterInfo = { id: string; status: string; endpoint?: Endpoint; instances: Array<{ id: string; status: string }>; tags: Record<string, string> };

export interface RestoreBackend {
  cluster(id: string): Promise<ClusterInfo | undefined>;
  earliestRestorableTime(id: string): Promise<number>;
  latestRestorableTime(id: string): Promise<number>;
  restoreToPointInTime(source: string, target: string, time: number): Promise<void>;
  createInstance(cluster: string, instance: string): Promise<void>;
  tagCluster(id: string, tags: Record<string, string>): Promise<void>;
  rowCounts(endpoint: Endpoint, tables: string[]): Promise<Record<string, number>>;
  /** Host the app's database secret points at now. */
  appSecretHost(): Promise<string | undefined>;
  pointAppSecret(endpoint: Endpoint): Promise<void>;
  /** Make every Lambda open new connections (reads the secret again): new version + live alias. */
  /** Functions whose live version does not yet run with DATABASE_GENERATION = generation. */
  functionsNotOnGeneration(generation: string): Promise<string[]>;
  moveFunctionsToGeneration(generation: string, onEach: (name: string) => void): Promise<void>;
}

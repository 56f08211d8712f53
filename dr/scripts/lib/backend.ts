// The operations the DR scripts need, as interfaces. Two implementations drive the same script
// logic: aws-backend.ts (AWS SDK v3: RDS, Secrets Manager, Lambda, ElastiCache, CloudWatch,
// EventBridge, S3, CloudFront; no Route 53 call on the failover path) and
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
   * AuroraGlobalDBRPOLag); null when nothing was measured: report it as unknown, never as 0. */
  replicationLagMs(region: string): Promise<number | null>;
  /** Planned: SwitchoverGlobalCluster, no data loss (both regions healthy). */
  switchover(region: string): Promise<void>;
  /** Unplanned: FailoverGlobalCluster with AllowDataLoss. */
  failover(region: string, options: { allowDataLoss: true }): Promise<void>;
  /** The global writer endpoint: Aurora moves it to the writer on switchover and failover. */
  globalWriterEndpoint(): Promise<Endpoint | undefined>;
  /** Failback: (re)create a secondary cluster for `region` in the global cluster. */
  addSecondary(region: string): Promise<void>;
}

export type RegionHealth = "healthy" | "unhealthy" | "unknown";

/** Which region may write: app/lib/dr/region-role.server.ts reads it before every write and in /health. */
export type RegionRole = { writer: string; epoch: number };

export interface AppBackend {
  /** The database the region's Lambdas read from the (replicated) DATABASE_URL secret. */
  databaseSecretEndpoint(region: string): Promise<Partial<Endpoint> | undefined>;
  /** Sessions (ElastiCache Global Datastore / the drill's Redis replica): does `region`'s store take writes? */
  sessionsWritable(region: string): Promise<boolean>;
  promoteSessions(region: string, options: { allowDataLoss: boolean }): Promise<void>;
  /** The region role as the Lambdas of `region` read it (that region's copy of the replicated secret). */
  regionRole(region: string): Promise<RegionRole | undefined>;
  /**
   * Writes the role in `region` only (data plane of that region: the failover needs nothing from
   * the failed region). Where `region` holds a read-only replica, the replica is promoted first.
   */
  setRegionRole(region: string, role: RegionRole): Promise<void>;
  /** Reserved concurrency 0 on every function of `region`: nothing runs there any more. */
  functionsFenced(region: string): Promise<boolean>;
  fenceFunctions(region: string): Promise<void>;
  /** Back to the reserved concurrency Terraform gives (the migration Lambda 1, the others unreserved). */
  unfenceFunctions(region: string): Promise<void>;
  /** The region's @scheduled jobs (EventBridge rules): enabled only where the database is the writer. */
  schedulesEnabled(region: string): Promise<boolean>;
  setSchedules(region: string, enabled: boolean): Promise<void>;
  /** The region's own /health (what Route 53's checkers see), probed directly: data plane only. */
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
  /** Counted inside the VPC (the migration Lambda): the operator's machine cannot reach the cluster. */
  rowCounts(endpoint: Endpoint, tables: string[]): Promise<Record<string, number>>;
  /** The restore stops writes first (region role: no region is the writer), and resumes them on the writer region at the end. */
  writesStopped(): Promise<boolean>;
  stopWrites(reason: string): Promise<void>;
  resumeWrites(): Promise<void>;
  /** Where the app's database secret points now. */
  appSecretEndpoint(): Promise<Endpoint | undefined>;
  pointAppSecret(endpoint: Endpoint): Promise<void>;
  /** Make every Lambda open new connections (reads the secret again): new version + live alias. */
  /** Functions whose live version does not yet run with DATABASE_GENERATION = generation. */
  functionsNotOnGeneration(generation: string): Promise<string[]>;
  moveFunctionsToGeneration(generation: string, onEach: (name: string) => void): Promise<void>;
}

// The DR scripts' operations on AWS (SDK v3 clients, one per region), configured by
// dr/config/<environment>.json (see dr/config/production.example.json; values are dr/terraform
// and terraform/ outputs). No call on the failover path goes to Route 53's control plane (which
// lives in us-east-1): traffic follows each region's /health, probed by Route 53's data plane.
import {
  CloudFrontClient,
  CreateInvalidationCommand,
} from "@aws-sdk/client-cloudfront";
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeGlobalReplicationGroupsCommand, DisassociateGlobalReplicationGroupCommand, ElastiCacheClient, FailoverGlobalReplicationGroupCommand } from "@aws-sdk/client-elasticache";
import { DescribeRuleCommand, DisableRuleCommand, EnableRuleCommand, EventBridgeClient } from "@aws-sdk/client-eventbridge";
import {
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  PutFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import {
  AddTagsToResourceCommand,
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  RDSClient,
  RestoreDBClusterToPointInTimeCommand,
  SwitchoverGlobalClusterCommand,
  type DBCluster,
} from "@aws-sdk/client-rds";
import { CopyObjectCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient, StopReplicationToReplicaCommand } from "@aws-sdk/client-secrets-manager";
import * as z from "zod/mini";
import type { AppBackend, AssetVersion, ClusterInfo, DatabaseBackend, DeployBackend, Endpoint, FunctionState, GlobalState, Member, RegionHealth, RegionRole, RestoreBackend } from "./backend";
import { Refusal, waitFor, type Clock } from "./runtime";

const regionConfig = z.object({
  clusterId: z.string(),
  /** The region's copy of the one database secret (the primary's, or its replica in the DR region). */
  databaseSecretId: z.string(),
  /** The region's own API /health (what Route 53's HTTPS check probes), e.g. https://<api-id>.execute-api.<region>.amazonaws.com/health. */
  healthUrl: z.string(),
  replicationGroupId: z.string(),
  functions: z.array(z.string()),
  /** Reserved concurrency Terraform gives, restored when a region is unfenced (others: unreserved). */
  reservedConcurrency: z._default(z.record(z.string(), z.number()), {}),
  assetsBucket: z.string(),
  /** EventBridge rules of the @scheduled jobs (terraform/modules/compute: <name>-<job>). */
  scheduleRules: z._default(z.array(z.string()), []),
  /** What a rebuilt secondary cluster needs (failback after a detach-and-promote). */
  rebuild: z.optional(
    z.object({
      dbSubnetGroupName: z.string(),
      vpcSecurityGroupIds: z.array(z.string()),
      dbClusterParameterGroupName: z.optional(z.string()),
      kmsKeyId: z.optional(z.string()),
      engineVersion: z.string(),
    }),
  ),
});

export const awsConfigSchema = z.object({
  globalClusterId: z.string(),
  globalDatastoreId: z.string(),
  /** The region role secret (dr/terraform region_role_secret_name): primary copy in the DR region, replica in the primary. */
  regionRoleSecretId: z.string(),
  publicUrl: z.string(),
  distributionId: z.string(),
  assetsPrefix: z._default(z.string(), "_static"),
  /** Where restore-pitr works (the writer's region in normal times). */
  restoreRegion: z._default(z.string(), "us-east-1"),
  regions: z.record(z.string(), regionConfig),
});

export type AwsConfig = z.infer<typeof awsConfigSchema>;

export type AwsDeps = {
  clock: Clock;
  /** GET a region's /health: its HTTP status (default: fetch, 5 s timeout; 0 when it does not answer). */
  probe?: (url: string) => Promise<number>;
  /** Row counts on a cluster endpoint (default: invoke the migration Lambda, inside the VPC). */
  countRows?: (endpoint: Endpoint, tables: string[]) => Promise<Record<string, number>>;
  fetchJson?: (url: string) => Promise<unknown>;
  smoke?: (url: string) => Promise<{ ok: boolean; detail: string }>;
  pollMs?: number;
};

const regionOfArn = (arn: string) => arn.split(":")[3] as string;
const idOfArn = (arn: string) => arn.split(":").at(-1) as string;
const TABLE = /^[a-z_][a-z0-9_]*$/;

function notFound(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? "";
  return /NotFound/.test(name);
}

export class AwsBackend implements DatabaseBackend, AppBackend, DeployBackend, RestoreBackend {
  readonly kind = "aws" as const;
  private readonly clients = new Map<string, unknown>();
  private readonly pollMs: number;

  constructor(
    readonly config: AwsConfig,
    private readonly deps: AwsDeps,
  ) {
    this.pollMs = deps.pollMs ?? 10_000;
  }

  private client<T>(kind: string, region: string, make: () => T): T {
    const key = `${kind}:${region}`;
    if (!this.clients.has(key)) this.clients.set(key, make());
    return this.clients.get(key) as T;
  }
  private rds = (region: string) => this.client("rds", region, () => new RDSClient({ region, maxAttempts: 3 }));
  private secrets = (region: string) => this.client("sm", region, () => new SecretsManagerClient({ region, maxAttempts: 3 }));
  private lambda = (region: string) => this.client("lambda", region, () => new LambdaClient({ region, maxAttempts: 3 }));
  private s3 = (region: string) => this.client("s3", region, () => new S3Client({ region, maxAttempts: 3 }));
  private elasticache = (region: string) => this.client("ec", region, () => new ElastiCacheClient({ region, maxAttempts: 3 }));
  private cloudwatch = (region: string) => this.client("cw", region, () => new CloudWatchClient({ region, maxAttempts: 3 }));
  private events = (region: string) => this.client("events", region, () => new EventBridgeClient({ region, maxAttempts: 3 }));
  private cloudfront = () => this.client("cf", "us-east-1", () => new CloudFrontClient({ region: "us-east-1", maxAttempts: 3 }));

  regions(): string[] {
    return Object.keys(this.config.regions);
  }
  private region(region: string) {
    const config = this.config.regions[region];
    if (!config) throw new Refusal(`wrong region: ${region} is not configured (configured: ${this.regions().join(", ")})`);
    return config;
  }

  /** Tries the regions in turn (DR region first: it is the one expected to be up in an outage). */
  private async anyRegion<T>(call: (region: string) => Promise<T>): Promise<T> {
    let last: unknown;
    for (const region of [...this.regions()].reverse()) {
      try {
        return await call(region);
      } catch (error) {
        last = error;
      }
    }
    throw last instanceof Error ? last : new Error(String(last));
  }

  private async describeCluster(region: string, id: string): Promise<DBCluster | undefined> {
    try {
      const out = await this.rds(region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
      return out.DBClusters?.[0];
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  // ---------------------------------------------------------------- DatabaseBackend ----

  async describeGlobal(): Promise<GlobalState> {
    const global = await this.anyRegion(async (region) => {
      const out = await this.rds(region).send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: this.config.globalClusterId }));
      const found = out.GlobalClusters?.[0];
      if (!found) throw new Error(`no global cluster ${this.config.globalClusterId}`);
      return found;
    });
    const members: Member[] = [];
    for (const member of global.GlobalClusterMembers ?? []) {
      const arn = member.DBClusterArn as string;
      const region = regionOfArn(arn);
      let status = "unknown";
      let sync: string = member.IsWriter ? "connected" : (member.SynchronizationStatus ?? "connected");
      try {
        status = (await this.describeCluster(region, idOfArn(arn)))?.Status ?? "missing";
      } catch {
        status = "unreachable";
        sync = "unreachable";
      }
      members.push({ region, clusterId: idOfArn(arn), isWriter: Boolean(member.IsWriter), status, sync });
    }
    const failover = global.FailoverState;
    return {
      id: global.GlobalClusterIdentifier as string,
      status: global.Status ?? "unknown",
      members,
      switching: failover?.Status && failover.ToDbClusterArn ? { to: regionOfArn(failover.ToDbClusterArn), status: failover.Status } : undefined,
    };
  }

  async replicationLagMs(region: string): Promise<number | null> {
    const end = new Date(this.deps.clock.now());
    const start = new Date(end.getTime() - 15 * 60_000);
    const out = await this.cloudwatch(region)
      .send(
        new GetMetricStatisticsCommand({
          Namespace: "AWS/RDS",
          MetricName: "AuroraGlobalDBRPOLag",
          Dimensions: [{ Name: "DBClusterIdentifier", Value: this.region(region).clusterId }],
          StartTime: start,
          EndTime: end,
          Period: 60,
          Statistics: ["Maximum"],
        }),
      )
      .catch(() => undefined);
    // No answer, or no datapoint in 15 minutes: unknown (never 0).
    const points = (out?.Datapoints ?? [])
      .map((p) => ({ at: p.Timestamp?.getTime() ?? Number.NaN, value: p.Maximum ?? Number.NaN }))
      .filter((p) => Number.isFinite(p.at) && Number.isFinite(p.value))
      .sort((a, b) => b.at - a.at);
    return points[0]?.value ?? null;
  }

  private async memberArn(region: string): Promise<string> {
    const cluster = await this.describeCluster(region, this.region(region).clusterId);
    if (!cluster?.DBClusterArn) throw new Refusal(`target not ready: no cluster ${this.region(region).clusterId} in ${region}`);
    return cluster.DBClusterArn;
  }

  async switchover(region: string): Promise<void> {
    await this.rds(region).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: this.config.globalClusterId, TargetDbClusterIdentifier: await this.memberArn(region) }));
  }

  async failover(region: string): Promise<void> {
    await this.rds(region).send(new FailoverGlobalClusterCommand({ GlobalClusterIdentifier: this.config.globalClusterId, TargetDbClusterIdentifier: await this.memberArn(region), AllowDataLoss: true }));
  }

  async globalWriterEndpoint(): Promise<Endpoint | undefined> {
    const global = await this.anyRegion(async (region) => (await this.rds(region).send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: this.config.globalClusterId }))).GlobalClusters?.[0]);
    return global?.Endpoint ? { host: global.Endpoint, port: 5432 } : undefined;
  }

  async addSecondary(region: string): Promise<void> {
    const config = this.region(region);
    if (!config.rebuild) throw new Refusal(`${region} has no "rebuild" settings in the DR config: cannot create its secondary cluster`);
    const existing = await this.describeCluster(region, config.clusterId);
    if (existing) throw new Refusal(`a cluster ${config.clusterId} still exists in ${region} outside the global cluster (detached): keep it for forensics under another name or delete it, then re-run`);
    await this.rds(region).send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: config.clusterId,
        GlobalClusterIdentifier: this.config.globalClusterId,
        Engine: "aurora-postgresql",
        EngineVersion: config.rebuild.engineVersion,
        DBSubnetGroupName: config.rebuild.dbSubnetGroupName,
        VpcSecurityGroupIds: config.rebuild.vpcSecurityGroupIds,
        DBClusterParameterGroupName: config.rebuild.dbClusterParameterGroupName,
        KmsKeyId: config.rebuild.kmsKeyId,
        StorageEncrypted: true,
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
      }),
    );
    await this.createInstance(config.clusterId, `${config.clusterId}-1`, region);
  }

  // -------------------------------------------------------------------- AppBackend ----

  private async readSecret(region: string, id: string): Promise<Record<string, unknown>> {
    const out = await this.secrets(region).send(new GetSecretValueCommand({ SecretId: id }));
    return JSON.parse(out.SecretString ?? "{}") as Record<string, unknown>;
  }

  async databaseSecretEndpoint(region: string): Promise<Partial<Endpoint> | undefined> {
    const value = await this.readSecret(region, this.region(region).databaseSecretId);
    return typeof value.host === "string" ? { host: value.host, port: value.port === undefined ? undefined : Number(value.port) } : undefined;
  }

  /** Only the point-in-time restore rewrites a database secret (a restored cluster is standalone until the global database is rebuilt). */
  private async pointDatabaseSecret(region: string, endpoint: Endpoint): Promise<void> {
    const id = this.region(region).databaseSecretId;
    const value = await this.readSecret(region, id);
    await this.secrets(region).send(new PutSecretValueCommand({ SecretId: id, SecretString: JSON.stringify({ ...value, host: endpoint.host, port: endpoint.port }) }));
  }

  private async datastoreMembers(): Promise<Array<{ group: string; region: string; role: string }>> {
    const out = await this.anyRegion((region) => this.elasticache(region).send(new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: this.config.globalDatastoreId, ShowMemberInfo: true })));
    return (out.GlobalReplicationGroups?.[0]?.Members ?? []).map((m) => ({ group: m.ReplicationGroupId ?? "", region: m.ReplicationGroupRegion ?? "", role: m.Role ?? "" }));
  }

  async sessionsWritable(region: string): Promise<boolean> {
    const members = await this.datastoreMembers();
    const mine = members.find((m) => m.region === region && m.group === this.region(region).replicationGroupId);
    // Not a member any more: disassociated, i.e. a standalone (writable) replication group.
    return !mine || mine.role.toUpperCase() === "PRIMARY";
  }

  async promoteSessions(region: string, options: { allowDataLoss: boolean }): Promise<void> {
    const group = this.region(region).replicationGroupId;
    try {
      await this.elasticache(region).send(new FailoverGlobalReplicationGroupCommand({ GlobalReplicationGroupId: this.config.globalDatastoreId, PrimaryRegion: region, PrimaryReplicationGroupId: group }));
    } catch (error) {
      if (!options.allowDataLoss) throw error;
      // The primary region does not answer: detach the DR member, which makes it a writable
      // standalone group (sessions written since the last replication are lost, like the database's).
      // The old region's group stays writable too: the region role fences its Lambdas.
      await this.elasticache(region).send(new DisassociateGlobalReplicationGroupCommand({ GlobalReplicationGroupId: this.config.globalDatastoreId, ReplicationGroupId: group, ReplicationGroupRegion: region }));
    }
    await waitFor(`sessions writable in ${region}`, () => this.sessionsWritable(region), { timeoutMs: 15 * 60_000, intervalMs: this.pollMs, clock: this.deps.clock });
  }

  async regionRole(region: string): Promise<RegionRole | undefined> {
    try {
      const value = await this.readSecret(region, this.config.regionRoleSecretId);
      return typeof value.writer === "string" ? { writer: value.writer, epoch: Number(value.epoch ?? 0) } : undefined;
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  async setRegionRole(region: string, role: RegionRole): Promise<void> {
    const put = () => this.secrets(region).send(new PutSecretValueCommand({ SecretId: this.config.regionRoleSecretId, SecretString: JSON.stringify({ ...role, updatedAt: new Date(this.deps.clock.now()).toISOString() }) }));
    try {
      await put();
    } catch (error) {
      // A read-only replica (the primary copy is in the region that failed): promote it to a
      // standalone secret in this region, then write. Failback replicates it back (dr/RUNBOOK.md).
      if ((error as { name?: string }).name !== "InvalidRequestException") throw error;
      await this.secrets(region).send(new StopReplicationToReplicaCommand({ SecretId: this.config.regionRoleSecretId }));
      await put();
    }
  }

  async functionsFenced(region: string): Promise<boolean> {
    for (const name of this.region(region).functions) {
      const out = await this.lambda(region).send(new GetFunctionConcurrencyCommand({ FunctionName: name }));
      if (out.ReservedConcurrentExecutions !== 0) return false;
    }
    return true;
  }

  async fenceFunctions(region: string): Promise<void> {
    for (const name of this.region(region).functions) await this.lambda(region).send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }));
  }

  async unfenceFunctions(region: string): Promise<void> {
    const config = this.region(region);
    for (const name of config.functions) {
      const current = (await this.lambda(region).send(new GetFunctionConcurrencyCommand({ FunctionName: name }))).ReservedConcurrentExecutions;
      const wanted = config.reservedConcurrency[name];
      if (current === wanted) continue;
      if (wanted === undefined) await this.lambda(region).send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
      else await this.lambda(region).send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: wanted }));
    }
  }

  async schedulesEnabled(region: string): Promise<boolean> {
    for (const rule of this.region(region).scheduleRules) {
      const out = await this.events(region).send(new DescribeRuleCommand({ Name: rule }));
      if (out.State !== "ENABLED") return false;
    }
    return true;
  }

  async setSchedules(region: string, enabled: boolean): Promise<void> {
    for (const rule of this.region(region).scheduleRules) {
      await this.events(region).send(enabled ? new EnableRuleCommand({ Name: rule }) : new DisableRuleCommand({ Name: rule }));
    }
  }

  async regionHealth(region: string): Promise<RegionHealth> {
    const probe =
      this.deps.probe ??
      (async (url: string) => {
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
          await response.arrayBuffer();
          return response.status;
        } catch {
          return 0;
        }
      });
    const status = await probe(this.region(region).healthUrl);
    return status === 200 ? "healthy" : status === 0 ? "unknown" : "unhealthy";
  }

  async servingRegion(): Promise<string | undefined> {
    const fetchJson = this.deps.fetchJson ?? (async (url: string) => (await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) })).json());
    const body = (await fetchJson(`${this.config.publicUrl.replace(/\/+$/, "")}/v1/health`)) as { region?: unknown };
    return typeof body.region === "string" ? body.region : undefined;
  }

  async smoke(): Promise<{ ok: boolean; detail: string }> {
    if (this.deps.smoke) return this.deps.smoke(this.config.publicUrl);
    const { runSmoke } = await import("../../../scripts/smoke");
    const results = await runSmoke(this.config.publicUrl, { log: () => {} });
    const failed = results.filter((r) => !r.ok);
    return { ok: failed.length === 0, detail: failed.length ? failed.map((r) => `${r.name}: ${r.detail}`).join("; ") : `${results.length} checks passed` };
  }

  // ----------------------------------------------------------------- DeployBackend ----

  async functions(region: string): Promise<FunctionState[]> {
    const out: FunctionState[] = [];
    for (const name of this.region(region).functions) {
      const alias = await this.lambda(region).send(new GetAliasCommand({ FunctionName: name, Name: "live" }));
      const versions: string[] = [];
      let marker: string | undefined;
      do {
        const page = await this.lambda(region).send(new ListVersionsByFunctionCommand({ FunctionName: name, Marker: marker }));
        versions.push(...(page.Versions ?? []).map((v) => v.Version as string));
        marker = page.NextMarker;
      } while (marker);
      out.push({ name, liveVersion: alias.FunctionVersion as string, versions });
    }
    return out;
  }

  async versionPublishedAt(region: string, functionName: string, version: string): Promise<number> {
    const out = await this.lambda(region).send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version }));
    return Date.parse(out.LastModified ?? "");
  }

  async moveAlias(region: string, functionName: string, version: string): Promise<void> {
    await this.lambda(region).send(new UpdateAliasCommand({ FunctionName: functionName, Name: "live", FunctionVersion: version }));
  }

  async assetVersions(region: string): Promise<AssetVersion[]> {
    const out: AssetVersion[] = [];
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      const page = await this.s3(region).send(new ListObjectVersionsCommand({ Bucket: this.region(region).assetsBucket, Prefix: `${this.config.assetsPrefix}/`, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
      for (const v of page.Versions ?? []) out.push({ key: v.Key as string, versionId: v.VersionId as string, lastModified: v.LastModified?.getTime() ?? 0, isLatest: Boolean(v.IsLatest) });
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return out;
  }

  async restoreAsset(region: string, key: string, versionId: string): Promise<void> {
    const bucket = this.region(region).assetsBucket;
    await this.s3(region).send(new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${bucket}/${encodeURIComponent(key)}?versionId=${encodeURIComponent(versionId)}`, MetadataDirective: "COPY" }));
  }

  async invalidate(paths: string[]): Promise<void> {
    await this.cloudfront().send(
      new CreateInvalidationCommand({ DistributionId: this.config.distributionId, InvalidationBatch: { CallerReference: `dr-rollback-${this.deps.clock.now()}`, Paths: { Quantity: paths.length, Items: paths } } }),
    );
  }

  // ---------------------------------------------------------------- RestoreBackend ----

  private get home(): string {
    return this.config.restoreRegion;
  }

  async cluster(id: string): Promise<ClusterInfo | undefined> {
    const cluster = await this.describeCluster(this.home, id);
    if (!cluster) return undefined;
    const instances = await this.rds(this.home).send(new DescribeDBInstancesCommand({ Filters: [{ Name: "db-cluster-id", Values: [id] }] }));
    return {
      id,
      status: cluster.Status ?? "unknown",
      endpoint: cluster.Endpoint ? { host: cluster.Endpoint, port: cluster.Port ?? 5432 } : undefined,
      instances: (instances.DBInstances ?? []).map((i) => ({ id: i.DBInstanceIdentifier as string, status: i.DBInstanceStatus ?? "unknown" })),
      tags: Object.fromEntries((cluster.TagList ?? []).map((t) => [t.Key as string, t.Value ?? ""])),
    };
  }

  async earliestRestorableTime(id: string): Promise<number> {
    return (await this.describeCluster(this.home, id))?.EarliestRestorableTime?.getTime() ?? Number.POSITIVE_INFINITY;
  }

  async latestRestorableTime(id: string): Promise<number> {
    const cluster = await this.describeCluster(this.home, id);
    return cluster?.LatestRestorableTime?.getTime() ?? Number.NEGATIVE_INFINITY;
  }

  async restoreToPointInTime(source: string, target: string, time: number): Promise<void> {
    const from = await this.describeCluster(this.home, source);
    if (!from) throw new Refusal(`no cluster ${source}`);
    await this.rds(this.home).send(
      new RestoreDBClusterToPointInTimeCommand({
        SourceDBClusterIdentifier: source,
        DBClusterIdentifier: target,
        RestoreToTime: new Date(time),
        RestoreType: "full-copy",
        DBSubnetGroupName: from.DBSubnetGroup,
        VpcSecurityGroupIds: (from.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId as string),
        DBClusterParameterGroupName: from.DBClusterParameterGroup,
        KmsKeyId: from.KmsKeyId,
        ServerlessV2ScalingConfiguration: from.ServerlessV2ScalingConfiguration,
        EnableCloudwatchLogsExports: from.EnabledCloudwatchLogsExports,
        DeletionProtection: true,
        CopyTagsToSnapshot: true,
        Tags: [
          { Key: "calcapp:dr", Value: "pitr-restore" },
          { Key: "calcapp:restored-from", Value: source },
        ],
      }),
    );
  }

  async createInstance(cluster: string, instance: string, region = this.home): Promise<void> {
    await this.rds(region).send(new CreateDBInstanceCommand({ DBInstanceIdentifier: instance, DBClusterIdentifier: cluster, DBInstanceClass: "db.serverless", Engine: "aurora-postgresql" }));
  }

  async tagCluster(id: string, tags: Record<string, string>): Promise<void> {
    const cluster = await this.describeCluster(this.home, id);
    if (!cluster?.DBClusterArn) throw new Error(`no cluster ${id}`);
    await this.rds(this.home).send(new AddTagsToResourceCommand({ ResourceName: cluster.DBClusterArn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
  }

  async rowCounts(endpoint: Endpoint, tables: string[]): Promise<Record<string, number>> {
    const bad = tables.filter((t) => !TABLE.test(t));
    if (bad.length) throw new Refusal(`not a table name: ${bad.join(", ")}`);
    if (this.deps.countRows) return this.deps.countRows(endpoint, tables);
    // Inside the VPC: the migration Lambda counts, with the app's credentials and the RDS CAs.
    const migrate = this.region(this.home).functions.find((name) => name.endsWith("-migrate"));
    if (!migrate) throw new Refusal(`no migration function (…-migrate) in ${this.home}'s "functions": it counts the rows inside the VPC`);
    const out = await this.lambda(this.home).send(new InvokeCommand({ FunctionName: migrate, Payload: new TextEncoder().encode(JSON.stringify({ rowCounts: { host: endpoint.host, port: endpoint.port, tables } })) }));
    const body = JSON.parse(new TextDecoder().decode(out.Payload ?? new Uint8Array())) as { counts?: Record<string, number>; errorMessage?: string };
    if (out.FunctionError || !body.counts) throw new Error(`${migrate} could not count rows on ${endpoint.host}: ${body.errorMessage ?? out.FunctionError ?? "no counts"}`);
    return body.counts;
  }

  /** Where the role's primary copy lives (the DR region): written there. */
  private get roleHome(): string {
    return this.regions().find((r) => r !== this.config.restoreRegion) ?? this.config.restoreRegion;
  }

  async writesStopped(): Promise<boolean> {
    return (await this.regionRole(this.roleHome))?.writer.startsWith("none:") ?? false;
  }

  async stopWrites(reason: string): Promise<void> {
    const role = await this.regionRole(this.roleHome);
    await this.setRegionRole(this.roleHome, { writer: `none:${reason}`, epoch: (role?.epoch ?? 0) + 1 });
  }

  async resumeWrites(): Promise<void> {
    const role = await this.regionRole(this.roleHome);
    await this.setRegionRole(this.roleHome, { writer: this.config.restoreRegion, epoch: (role?.epoch ?? 0) + 1 });
  }

  async appSecretEndpoint(): Promise<Endpoint | undefined> {
    const endpoint = await this.databaseSecretEndpoint(this.home);
    return endpoint?.host ? { host: endpoint.host, port: endpoint.port ?? 5432 } : undefined;
  }

  async pointAppSecret(endpoint: Endpoint): Promise<void> {
    await this.pointDatabaseSecret(this.home, endpoint);
  }

  async functionsNotOnGeneration(generation: string): Promise<string[]> {
    const out: string[] = [];
    for (const name of this.region(this.home).functions) {
      const live = await this.lambda(this.home).send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: "live" }));
      if (live.Environment?.Variables?.DATABASE_GENERATION !== generation) out.push(name);
    }
    return out;
  }

  async moveFunctionsToGeneration(generation: string, onEach: (name: string) => void): Promise<void> {
    const lambda = this.lambda(this.home);
    for (const name of await this.functionsNotOnGeneration(generation)) {
      const live = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: "live" }));
      const latest = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      // Publishing $LATEST must not ship other code than what is live (e.g. after a rollback).
      if (latest.CodeSha256 !== live.CodeSha256) throw new Refusal(`${name}: $LATEST's code differs from the live version's (a rollback?): redeploy the live code first, then re-run`);
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { ...(latest.Environment?.Variables ?? {}), DATABASE_GENERATION: generation } } }));
      await waitFor(`${name} configuration updated`, async () => (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).LastUpdateStatus === "Successful", { timeoutMs: 5 * 60_000, intervalMs: Math.min(this.pollMs, 2_000), clock: this.deps.clock });
      const published = await lambda.send(new PublishVersionCommand({ FunctionName: name, Description: `DR: database ${generation}` }));
      await lambda.send(new UpdateAliasCommand({ FunctionName: name, Name: "live", FunctionVersion: published.Version }));
      onEach(name);
    }
  }
}

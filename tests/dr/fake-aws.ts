// A stateful fake of the AWS APIs the DR scripts call, on aws-sdk-client-mock: it keeps which
// cluster is the writer, replication lag, cluster and instance states, Route 53 health, secrets,
// Lambda versions and aliases, S3 object versions and CloudFront invalidations, and moves them
// over fake time the way AWS does (a switchover takes a minute, a restore several). Tests check
// the resulting state, not a list of calls.
import { CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import {
  GetAliasCommand,
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
} from "@aws-sdk/client-rds";
import { GetHealthCheckCommand, GetHealthCheckStatusCommand, Route53Client, UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { CopyObjectCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import type { AwsConfig } from "../../dr/scripts/lib/aws-backend";
import type { JsonRequest, QueryRequest } from "../../dr/scripts/lib/aws-query";
import type { Clock } from "../../dr/scripts/lib/runtime";

export const ACCOUNT = "123456789012";
export const PRIMARY = "us-east-1";
export const DR = "eu-west-1";
export const GLOBAL_ID = "calcapp-production-global";

type Cluster = { region: string; id: string; status: string; readyAt?: number; tags: Record<string, string>; restoredFrom?: { source: string; time: number } };
type Instance = { region: string; id: string; cluster: string; status: string; readyAt?: number };
type Member = { region: string; id: string; isWriter: boolean; sync: string; syncReadyAt?: number };
type Version = { version: string; publishedAt: number; codeSha: string; env: Record<string, string> };
type Fn = { versions: Version[]; latest: { codeSha: string; env: Record<string, string>; updatedAt: number }; live: string };
type ObjVersion = { versionId: string; lastModified: number; isLatest: boolean; body: string };

/** How long things take in the fake (ms), like AWS's typical figures. */
export const DURATIONS = { switchover: 60_000, failover: 40_000, clusterCreate: 300_000, instanceCreate: 420_000, resync: 600_000, datastoreFailover: 30_000, lambdaUpdate: 3_000 };

const arn = (region: string, id: string) => `arn:aws:rds:${region}:${ACCOUNT}:cluster:${id}`;
const key = (region: string, id: string) => `${region}|${id}`;

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

export const testConfig: AwsConfig = {
  globalClusterId: GLOBAL_ID,
  globalDatastoreId: "ldgnf-calcapp-sessions",
  publicUrl: "https://app.calcapp.test",
  distributionId: "E123TEST",
  assetsPrefix: "_static",
  restoreRegion: PRIMARY,
  regions: {
    [PRIMARY]: {
      clusterId: "calcapp-production",
      databaseSecretId: "calcapp-production/database",
      healthCheckId: "hc-primary",
      routingHealthCheckId: "hc-primary-routing",
      replicationGroupId: "calcapp-production",
      functions: ["calcapp-production-calculator", "calcapp-production-history"],
      assetsBucket: "assets-primary",
      scheduleRules: ["calcapp-production-archive-history", "calcapp-production-clean-sessions"],
      rebuild: { dbSubnetGroupName: "calcapp-production-aurora", vpcSecurityGroupIds: ["sg-1"], engineVersion: "15.8" },
    },
    [DR]: {
      clusterId: "calcapp-production-dr",
      databaseSecretId: "calcapp-production-dr/database",
      healthCheckId: "hc-dr",
      routingHealthCheckId: "hc-dr-routing",
      replicationGroupId: "calcapp-production-dr",
      functions: ["calcapp-production-dr-calculator", "calcapp-production-dr-history"],
      assetsBucket: "assets-dr",
      scheduleRules: ["calcapp-production-dr-archive-history", "calcapp-production-dr-clean-sessions"],
    },
  },
};

export class FakeAws {
  now = Date.parse("2026-11-25T10:00:00Z");
  readonly clock: Clock = { now: () => this.now, sleep: async (ms) => this.advance(ms) };

  readonly down = new Set<string>();
  /** HealthThreshold of the calculated (routing) checks; each has one child, the region's HTTPS check. */
  readonly thresholds = new Map<string, number>([
    ["hc-primary-routing", 1],
    ["hc-dr-routing", 1],
  ]);
  globalStatus = "available";
  members: Member[] = [];
  switching?: { to: string; kind: "switchover" | "failover"; doneAt: number; allowDataLoss: boolean };
  readonly clusters = new Map<string, Cluster>();
  readonly instances = new Map<string, Instance>();
  readonly lagMs = new Map<string, number | null>();
  readonly secrets = new Map<string, string>();
  datastore: Array<{ group: string; region: string; role: string }> = [];
  datastoreSwitch?: { to: string; doneAt: number };
  readonly functions = new Map<string, Fn>();
  readonly buckets = new Map<string, Map<string, ObjVersion[]>>();
  readonly invalidations: string[][] = [];
  readonly rows = new Map<string, Record<string, number>>();
  /** EventBridge rules of the scheduled jobs: "region|name" -> enabled. The standby's start disabled. */
  readonly rules = new Map<string, boolean>();
  /** Name of an action (command or query) to fail once, to simulate a crash midway. */
  readonly failOnce = new Set<string>();
  /** Actions the scripts performed (mutations only), for "this happened once" checks. */
  readonly mutations: string[] = [];
  /** A switch that never completes (to test waits that time out). */
  stuck = false;
  private versionSeq = 1;

  private readonly rdsMock = mockClient(RDSClient);
  private readonly smMock = mockClient(SecretsManagerClient);
  private readonly r53Mock = mockClient(Route53Client);
  private readonly lambdaMock = mockClient(LambdaClient);
  private readonly s3Mock = mockClient(S3Client);
  private readonly cfMock = mockClient(CloudFrontClient);

  constructor() {
    this.addCluster(PRIMARY, "calcapp-production", "available");
    this.addCluster(DR, "calcapp-production-dr", "available");
    this.members = [
      { region: PRIMARY, id: "calcapp-production", isWriter: true, sync: "connected" },
      { region: DR, id: "calcapp-production-dr", isWriter: false, sync: "connected" },
    ];
    this.lagMs.set(DR, 850);
    this.lagMs.set(PRIMARY, 900);
    const creds = { engine: "postgres", username: "calcapp_admin", password: "pw", dbname: "calcapp", port: 5432 };
    this.secrets.set(key(PRIMARY, "calcapp-production/database"), JSON.stringify({ ...creds, host: this.endpoint(PRIMARY, "calcapp-production") }));
    this.secrets.set(key(DR, "calcapp-production-dr/database"), JSON.stringify({ ...creds, host: this.endpoint(DR, "calcapp-production-dr") }));
    this.datastore = [
      { group: "calcapp-production", region: PRIMARY, role: "primary" },
      { group: "calcapp-production-dr", region: DR, role: "secondary" },
    ];
    for (const region of [PRIMARY, DR]) {
      for (const name of testConfig.regions[region]!.functions) {
        // Versions 1..3 published an hour apart; 3 is live (the bad deploy).
        const versions = [1, 2, 3].map((n) => ({ version: String(n), publishedAt: this.now - (4 - n) * 3_600_000, codeSha: `sha-${n}`, env: { APP_REGION: region } }));
        this.functions.set(key(region, name), { versions, latest: { codeSha: "sha-3", env: { APP_REGION: region }, updatedAt: this.now }, live: "3" });
      }
      const bucket = new Map<string, ObjVersion[]>();
      const deployAt = this.now - 3_600_000; // version 3's publication
      bucket.set("_static/assets/app-abc.js", [{ versionId: "v1", lastModified: deployAt - 7_200_000, isLatest: true, body: "old app" }]);
      bucket.set("_static/index-manifest.json", [
        { versionId: "m1", lastModified: deployAt - 7_200_000, isLatest: false, body: "manifest 1" },
        { versionId: "m2", lastModified: deployAt + 1_000, isLatest: true, body: "manifest 2 (bad)" },
      ]);
      bucket.set("_static/assets/new-def.js", [{ versionId: "n1", lastModified: deployAt + 2_000, isLatest: true, body: "new file" }]);
      this.buckets.set(testConfig.regions[region]!.assetsBucket, bucket);
    }
    this.rows.set("calcapp-production", { users: 90, calculation_history: 400 });
    for (const region of [PRIMARY, DR]) for (const rule of testConfig.regions[region]!.scheduleRules) this.rules.set(key(region, rule), region === PRIMARY);
    this.install();
  }

  restore(): void {
    for (const mock of [this.rdsMock, this.smMock, this.r53Mock, this.lambdaMock, this.s3Mock, this.cfMock]) mock.restore();
  }

  endpoint(region: string, id: string): string {
    return `${id}.cluster-abc.${region}.rds.amazonaws.com`;
  }

  addCluster(region: string, id: string, status: string, readyAt?: number): Cluster {
    const cluster: Cluster = { region, id, status, readyAt, tags: {} };
    this.clusters.set(key(region, id), cluster);
    if (status === "available") this.instances.set(`${id}-1`, { region, id: `${id}-1`, cluster: id, status: "available" });
    return cluster;
  }

  writer(): Member | undefined {
    return this.members.find((m) => m.isWriter);
  }

  /** Route 53: a region's failover record is healthy when its calculated check is: /health answers and the threshold is 1. */
  healthy(region: string): boolean {
    const children = this.down.has(region) ? 0 : 1;
    return children >= (this.thresholds.get(testConfig.regions[region]!.routingHealthCheckId) ?? 1);
  }

  /** What the PRIMARY/SECONDARY failover records resolve to. */
  servingRegion(): string | undefined {
    if (this.healthy(PRIMARY)) return PRIMARY;
    return this.healthy(DR) ? DR : undefined;
  }

  secretHost(region: string, id: string): string | undefined {
    const value = this.secrets.get(key(region, id));
    return value ? (JSON.parse(value) as { host?: string }).host : undefined;
  }

  /** The smoke test passes when the serving region's secret points at the writer and its sessions store takes writes. */
  smokeOk(): { ok: boolean; detail: string } {
    const region = this.servingRegion();
    if (!region) return { ok: false, detail: "no region serves" };
    const writer = this.writer();
    const secretId = testConfig.regions[region]!.databaseSecretId;
    if (!writer || writer.region !== region || this.switching) return { ok: false, detail: `${region} is not the writer` };
    if (this.secretHost(region, secretId) !== this.endpoint(writer.region, writer.id)) return { ok: false, detail: `${region}'s secret does not point at the writer` };
    const sessions = this.datastore.find((d) => d.region === region);
    if (sessions && sessions.role !== "primary") return { ok: false, detail: `${region}'s sessions are read-only` };
    return { ok: true, detail: "5 checks passed" };
  }

  advance(ms: number): void {
    this.now += ms;
    if (this.switching && !this.stuck && this.now >= this.switching.doneAt) {
      const { to, kind } = this.switching;
      for (const member of this.members) {
        const wasWriter = member.isWriter;
        member.isWriter = member.region === to;
        if (wasWriter && member.region !== to) member.sync = kind === "failover" && this.down.has(member.region) ? "pending-resync" : "connected";
      }
      this.switching = undefined;
      this.globalStatus = "available";
    }
    for (const member of this.members) {
      if (member.sync === "pending-resync" && !this.down.has(member.region)) {
        member.syncReadyAt ??= this.now + DURATIONS.resync;
        if (this.now >= member.syncReadyAt) {
          member.sync = "connected";
          member.syncReadyAt = undefined;
        }
      }
    }
    for (const cluster of this.clusters.values()) {
      if (cluster.readyAt !== undefined && this.now >= cluster.readyAt) {
        cluster.status = "available";
        cluster.readyAt = undefined;
      }
    }
    for (const instance of this.instances.values()) {
      if (instance.readyAt !== undefined && this.now >= instance.readyAt) {
        instance.status = "available";
        instance.readyAt = undefined;
      }
    }
    if (this.datastoreSwitch && this.now >= this.datastoreSwitch.doneAt) {
      for (const member of this.datastore) member.role = member.region === this.datastoreSwitch.to ? "primary" : "secondary";
      this.datastoreSwitch = undefined;
    }
  }

  /** Every call: the region must be reachable, and an injected crash fires once. */
  private guard(action: string, region: string, mutation = false): void {
    if (this.down.has(region)) throw awsError("TimeoutError", `connect ETIMEDOUT ${action} ${region}.amazonaws.com`);
    if (this.failOnce.delete(action)) throw awsError("ServiceUnavailableException", `${action}: injected failure (the operator's laptop died)`);
    if (mutation) this.mutations.push(action);
  }

  private cluster(region: string, id: string): Cluster {
    const cluster = this.clusters.get(key(region, id));
    if (!cluster) throw awsError("DBClusterNotFoundFault", `DBCluster ${id} not found`);
    return cluster;
  }

  private describeCluster(cluster: Cluster) {
    const ready = cluster.status === "available";
    return {
      DBClusterIdentifier: cluster.id,
      DBClusterArn: arn(cluster.region, cluster.id),
      Status: cluster.status,
      Endpoint: ready ? this.endpoint(cluster.region, cluster.id) : undefined,
      Port: 5432,
      EarliestRestorableTime: new Date(this.now - 35 * 86_400_000),
      LatestRestorableTime: new Date(this.now - 5 * 60_000),
      DBSubnetGroup: `${cluster.id}-aurora`,
      VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-1", Status: "active" }],
      TagList: Object.entries(cluster.tags).map(([Key, Value]) => ({ Key, Value })),
    };
  }

  private fn(region: string, name: string): Fn {
    const fn = this.functions.get(key(region, name));
    if (!fn) throw awsError("ResourceNotFoundException", `Function not found: ${name}`);
    return fn;
  }

  private install(): void {
    const [rds, sm, r53, lambda, s3, cf] = [this.rdsMock, this.smMock, this.r53Mock, this.lambdaMock, this.s3Mock, this.cfMock];
    type GetClient = () => { config: { region: unknown } };
    const regionOf = async (getClient: GetClient) => {
      const region = getClient().config.region;
      return typeof region === "function" ? ((await (region as () => Promise<string>)()) as string) : String(region);
    };

    // ------------------------------------------------------------------------- RDS ----
    rds.on(DescribeGlobalClustersCommand).callsFake(async (_input: unknown, getClient: GetClient) => {
      this.guard("DescribeGlobalClusters", await regionOf(getClient));
      return {
        GlobalClusters: [
          {
            GlobalClusterIdentifier: GLOBAL_ID,
            Status: this.globalStatus,
            GlobalClusterMembers: this.members.map((m) => ({ DBClusterArn: arn(m.region, m.id), IsWriter: m.isWriter, SynchronizationStatus: m.isWriter ? undefined : m.sync })),
            FailoverState: this.switching ? { Status: this.switching.kind === "switchover" ? "switching-over" : "failing-over", ToDbClusterArn: arn(this.switching.to, this.members.find((m) => m.region === this.switching?.to)?.id ?? "") } : undefined,
          },
        ],
      };
    });
    rds.on(DescribeDBClustersCommand).callsFake(async (input: { DBClusterIdentifier: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("DescribeDBClusters", region);
      return { DBClusters: [this.describeCluster(this.cluster(region, input.DBClusterIdentifier))] };
    });
    rds.on(DescribeDBInstancesCommand).callsFake(async (input: { Filters: Array<{ Values: string[] }> }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("DescribeDBInstances", region);
      const clusterId = input.Filters[0]?.Values[0];
      return { DBInstances: [...this.instances.values()].filter((i) => i.region === region && i.cluster === clusterId).map((i) => ({ DBInstanceIdentifier: i.id, DBInstanceStatus: i.status })) };
    });
    const startSwitch = (kind: "switchover" | "failover") => async (input: { TargetDbClusterIdentifier: string; AllowDataLoss?: boolean }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard(kind === "switchover" ? "SwitchoverGlobalCluster" : "FailoverGlobalCluster", region, true);
      if (this.switching) throw awsError("InvalidGlobalClusterStateFault", "a switch is already in progress");
      const to = input.TargetDbClusterIdentifier.split(":")[3] as string;
      const member = this.members.find((m) => m.region === to);
      if (!member) throw awsError("InvalidParameterValue", "not a member");
      if (kind === "switchover" && (this.down.has(this.writer()?.region ?? "") || member.sync !== "connected")) throw awsError("InvalidGlobalClusterStateFault", "switchover needs every member in sync");
      if (kind === "failover" && !input.AllowDataLoss) throw awsError("InvalidParameterCombination", "AllowDataLoss or Switchover required");
      this.globalStatus = kind === "switchover" ? "switching-over" : "failing-over";
      this.switching = { to, kind, doneAt: this.now + (kind === "switchover" ? DURATIONS.switchover : DURATIONS.failover), allowDataLoss: Boolean(input.AllowDataLoss) };
      return {};
    };
    rds.on(SwitchoverGlobalClusterCommand).callsFake(startSwitch("switchover"));
    rds.on(FailoverGlobalClusterCommand).callsFake(startSwitch("failover"));
    rds.on(CreateDBClusterCommand).callsFake(async (input: { DBClusterIdentifier: string; GlobalClusterIdentifier?: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("CreateDBCluster", region, true);
      if (this.clusters.has(key(region, input.DBClusterIdentifier))) throw awsError("DBClusterAlreadyExistsFault", "exists");
      this.addCluster(region, input.DBClusterIdentifier, "creating", this.now + DURATIONS.clusterCreate);
      if (input.GlobalClusterIdentifier) this.members.push({ region, id: input.DBClusterIdentifier, isWriter: false, sync: "pending-resync" });
      return {};
    });
    rds.on(RestoreDBClusterToPointInTimeCommand).callsFake(async (input: { SourceDBClusterIdentifier: string; DBClusterIdentifier: string; RestoreToTime: Date; Tags?: Array<{ Key: string; Value: string }> }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("RestoreDBClusterToPointInTime", region, true);
      if (this.clusters.has(key(region, input.DBClusterIdentifier))) throw awsError("DBClusterAlreadyExistsFault", "exists");
      const cluster = this.addCluster(region, input.DBClusterIdentifier, "creating", this.now + DURATIONS.clusterCreate);
      cluster.restoredFrom = { source: input.SourceDBClusterIdentifier, time: input.RestoreToTime.getTime() };
      cluster.tags = Object.fromEntries((input.Tags ?? []).map((t) => [t.Key, t.Value]));
      this.rows.set(input.DBClusterIdentifier, { users: 100, calculation_history: 1000 });
      return {};
    });
    rds.on(CreateDBInstanceCommand).callsFake(async (input: { DBInstanceIdentifier: string; DBClusterIdentifier: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("CreateDBInstance", region, true);
      this.cluster(region, input.DBClusterIdentifier);
      if (this.instances.has(input.DBInstanceIdentifier)) throw awsError("DBInstanceAlreadyExistsFault", "exists");
      this.instances.set(input.DBInstanceIdentifier, { region, id: input.DBInstanceIdentifier, cluster: input.DBClusterIdentifier, status: "creating", readyAt: this.now + DURATIONS.instanceCreate });
      return {};
    });
    rds.on(AddTagsToResourceCommand).callsFake(async (input: { ResourceName: string; Tags: Array<{ Key: string; Value: string }> }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("AddTagsToResource", region, true);
      const cluster = this.cluster(region, input.ResourceName.split(":").at(-1) as string);
      for (const tag of input.Tags) cluster.tags[tag.Key] = tag.Value;
      return {};
    });

    // ------------------------------------------------------------- Secrets Manager ----
    sm.on(GetSecretValueCommand).callsFake(async (input: { SecretId: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("GetSecretValue", region);
      const value = this.secrets.get(key(region, input.SecretId));
      if (value === undefined) throw awsError("ResourceNotFoundException", `no secret ${input.SecretId} in ${region}`);
      return { SecretString: value };
    });
    sm.on(PutSecretValueCommand).callsFake(async (input: { SecretId: string; SecretString: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("PutSecretValue", region, true);
      this.secrets.set(key(region, input.SecretId), input.SecretString);
      return {};
    });

    // -------------------------------------------------------------------- Route 53 ----
    r53.on(GetHealthCheckStatusCommand).callsFake(async (input: { HealthCheckId: string }) => {
      this.guard("GetHealthCheckStatus", PRIMARY === "us-east-1" && this.down.has(PRIMARY) ? DR : PRIMARY); // Route 53's control plane stays up
      const region = Object.entries(testConfig.regions).find(([, c]) => c.healthCheckId === input.HealthCheckId)?.[0] as string;
      const status = !this.down.has(region) ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out";
      return { HealthCheckObservations: [1, 2, 3].map((n) => ({ Region: `checker-${n}`, StatusReport: { Status: status } })) };
    });

    r53.on(GetHealthCheckCommand).callsFake(async (input: { HealthCheckId: string }) => {
      this.guard("GetHealthCheck", DR);
      return { HealthCheck: { Id: input.HealthCheckId, HealthCheckConfig: { Type: "CALCULATED", HealthThreshold: this.thresholds.get(input.HealthCheckId) } } };
    });
    r53.on(UpdateHealthCheckCommand).callsFake(async (input: { HealthCheckId: string; HealthThreshold?: number }) => {
      this.guard("UpdateHealthCheck", DR, true);
      if (!this.thresholds.has(input.HealthCheckId)) throw awsError("NoSuchHealthCheck", input.HealthCheckId);
      if (input.HealthThreshold !== undefined) this.thresholds.set(input.HealthCheckId, input.HealthThreshold);
      return {};
    });

    // ---------------------------------------------------------------------- Lambda ----
    lambda.on(GetAliasCommand).callsFake(async (input: { FunctionName: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("GetAlias", region);
      return { Name: "live", FunctionVersion: this.fn(region, input.FunctionName).live };
    });
    lambda.on(ListVersionsByFunctionCommand).callsFake(async (input: { FunctionName: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("ListVersionsByFunction", region);
      return { Versions: [{ Version: "$LATEST" }, ...this.fn(region, input.FunctionName).versions.map((v) => ({ Version: v.version }))] };
    });
    lambda.on(GetFunctionConfigurationCommand).callsFake(async (input: { FunctionName: string; Qualifier?: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("GetFunctionConfiguration", region);
      const fn = this.fn(region, input.FunctionName);
      if (!input.Qualifier || input.Qualifier === "$LATEST") {
        return { CodeSha256: fn.latest.codeSha, Environment: { Variables: fn.latest.env }, LastUpdateStatus: this.now >= fn.latest.updatedAt ? "Successful" : "InProgress", LastModified: new Date(fn.latest.updatedAt).toISOString() };
      }
      const version = fn.versions.find((v) => v.version === (input.Qualifier === "live" ? fn.live : input.Qualifier));
      if (!version) throw awsError("ResourceNotFoundException", "no such version");
      return { Version: version.version, CodeSha256: version.codeSha, Environment: { Variables: version.env }, LastModified: new Date(version.publishedAt).toISOString() };
    });
    lambda.on(UpdateFunctionConfigurationCommand).callsFake(async (input: { FunctionName: string; Environment: { Variables: Record<string, string> } }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("UpdateFunctionConfiguration", region, true);
      const fn = this.fn(region, input.FunctionName);
      fn.latest = { ...fn.latest, env: input.Environment.Variables, updatedAt: this.now + DURATIONS.lambdaUpdate };
      return {};
    });
    lambda.on(PublishVersionCommand).callsFake(async (input: { FunctionName: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("PublishVersion", region, true);
      const fn = this.fn(region, input.FunctionName);
      if (this.now < fn.latest.updatedAt) throw awsError("ResourceConflictException", "update in progress");
      const version = String(Math.max(...fn.versions.map((v) => Number(v.version))) + 1);
      fn.versions.push({ version, publishedAt: this.now, codeSha: fn.latest.codeSha, env: { ...fn.latest.env } });
      return { Version: version };
    });
    lambda.on(UpdateAliasCommand).callsFake(async (input: { FunctionName: string; FunctionVersion: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("UpdateAlias", region, true);
      const fn = this.fn(region, input.FunctionName);
      if (!fn.versions.some((v) => v.version === input.FunctionVersion)) throw awsError("ResourceNotFoundException", "no such version");
      fn.live = input.FunctionVersion;
      return {};
    });

    // -------------------------------------------------------------------------- S3 ----
    s3.on(ListObjectVersionsCommand).callsFake(async (input: { Bucket: string; Prefix: string }, getClient: GetClient) => {
      this.guard("ListObjectVersions", await regionOf(getClient));
      const bucket = this.buckets.get(input.Bucket) ?? new Map<string, ObjVersion[]>();
      const versions = [...bucket.entries()].filter(([k]) => k.startsWith(input.Prefix)).flatMap(([Key, vs]) => vs.map((v) => ({ Key, VersionId: v.versionId, IsLatest: v.isLatest, LastModified: new Date(v.lastModified) })));
      return { Versions: versions, IsTruncated: false };
    });
    s3.on(CopyObjectCommand).callsFake(async (input: { Bucket: string; Key: string; CopySource: string }, getClient: GetClient) => {
      this.guard("CopyObject", await regionOf(getClient), true);
      const versions = this.buckets.get(input.Bucket)?.get(input.Key);
      const sourceVersion = decodeURIComponent(input.CopySource.split("?versionId=")[1] ?? "");
      const source = versions?.find((v) => v.versionId === sourceVersion);
      if (!versions || !source) throw awsError("NoSuchVersion", "no such version");
      for (const v of versions) v.isLatest = false;
      versions.push({ versionId: `copy-${this.versionSeq++}`, lastModified: this.now, isLatest: true, body: source.body });
      return {};
    });

    // ------------------------------------------------------------------ CloudFront ----
    cf.on(CreateInvalidationCommand).callsFake(async (input: { InvalidationBatch: { Paths: { Items: string[] } } }) => {
      this.guard("CreateInvalidation", PRIMARY, true);
      this.invalidations.push(input.InvalidationBatch.Paths.Items);
      return { Invalidation: { Id: `I${this.invalidations.length}`, Status: "InProgress" } };
    });
  }

  /** CloudWatch and ElastiCache (query protocol), as aws-query.ts sends them. */
  readonly query = async (request: QueryRequest): Promise<string> => {
    this.guard(request.action, request.region, !request.action.startsWith("Describe") && !request.action.startsWith("Get"));
    const p = request.params;
    switch (request.action) {
      case "GetMetricStatistics": {
        const region = request.region;
        const lag = this.lagMs.get(region);
        if (lag === null || lag === undefined) return "<GetMetricStatisticsResponse><GetMetricStatisticsResult><Datapoints/></GetMetricStatisticsResult></GetMetricStatisticsResponse>";
        return `<GetMetricStatisticsResponse><GetMetricStatisticsResult><Datapoints><member><Timestamp>${new Date(this.now - 60_000).toISOString()}</Timestamp><Maximum>${lag}</Maximum></member></Datapoints></GetMetricStatisticsResult></GetMetricStatisticsResponse>`;
      }
      case "DescribeGlobalReplicationGroups":
        return `<DescribeGlobalReplicationGroupsResponse><GlobalReplicationGroups><GlobalReplicationGroup><Members>${this.datastore
          .map((m) => `<GlobalReplicationGroupMember><ReplicationGroupId>${m.group}</ReplicationGroupId><ReplicationGroupRegion>${m.region}</ReplicationGroupRegion><Role>${m.role.toUpperCase()}</Role></GlobalReplicationGroupMember>`)
          .join("")}</Members></GlobalReplicationGroup></GlobalReplicationGroups></DescribeGlobalReplicationGroupsResponse>`;
      case "FailoverGlobalReplicationGroup": {
        const primary = this.datastore.find((m) => m.role === "primary");
        if (primary && this.down.has(primary.region)) throw new Error("elasticache FailoverGlobalReplicationGroup: HTTP 400: the primary region is unavailable");
        this.datastoreSwitch = { to: p.PrimaryRegion as string, doneAt: this.now + DURATIONS.datastoreFailover };
        return "<FailoverGlobalReplicationGroupResponse/>";
      }
      case "DisassociateGlobalReplicationGroup":
        this.datastore = this.datastore.filter((m) => !(m.group === p.ReplicationGroupId && m.region === p.ReplicationGroupRegion));
        return "<DisassociateGlobalReplicationGroupResponse/>";
      default:
        throw new Error(`fake AWS: unexpected query ${request.action}`);
    }
  };

  /** EventBridge (JSON 1.1), as aws-query.ts's awsJson sends it. */
  readonly json = async (request: JsonRequest): Promise<Record<string, unknown>> => {
    const action = request.target.replace("AWSEvents.", "");
    this.guard(action, request.region, action !== "DescribeRule");
    const rule = key(request.region, String(request.body.Name));
    if (!this.rules.has(rule)) throw awsError("ResourceNotFoundException", `Rule ${String(request.body.Name)} does not exist.`);
    if (action === "DescribeRule") return { Name: request.body.Name, State: this.rules.get(rule) ? "ENABLED" : "DISABLED" };
    if (action === "EnableRule" || action === "DisableRule") {
      this.rules.set(rule, action === "EnableRule");
      return {};
    }
    throw new Error(`fake AWS: unexpected EventBridge ${action}`);
  };

  schedulesOn(region: string): boolean[] {
    return testConfig.regions[region]!.scheduleRules.map((rule) => this.rules.get(key(region, rule)) ?? false);
  }
}

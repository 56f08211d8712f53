// A stateful fake of the AWS APIs the DR scripts call, on aws-sdk-client-mock: it keeps which
// cluster is the writer and where the global writer endpoint points, replication lag (CloudWatch),
// cluster and instance states, replicated secrets (a primary copy and read-only replicas that
// follow it while both regions answer; alternating-users rotation), the region role, Lambda
// versions, aliases and reserved concurrency, the Global Datastore (ElastiCache), EventBridge
// rules, S3 object versions and CloudFront invalidations, and moves them over fake time the way
// AWS does (a switchover takes a minute, a restore several). What Route 53 answers follows each
// region's /health as the app computes it (writer + region role + not fenced); any Route 53 API
// call is recorded (the failover path must make none). Tests check the resulting state.
import { CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeGlobalReplicationGroupsCommand, DisassociateGlobalReplicationGroupCommand, ElastiCacheClient, FailoverGlobalReplicationGroupCommand } from "@aws-sdk/client-elasticache";
import { DescribeRuleCommand, DisableRuleCommand, EnableRuleCommand, EventBridgeClient } from "@aws-sdk/client-eventbridge";
import {
  DeleteFunctionConcurrencyCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  PutFunctionConcurrencyCommand,
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
import { Route53Client } from "@aws-sdk/client-route-53";
import { CopyObjectCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient, StopReplicationToReplicaCommand } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "vitest";
import type { AwsConfig } from "../../dr/scripts/lib/aws-backend";
import type { Clock } from "../../dr/scripts/lib/runtime";

export const ACCOUNT = "123456789012";
export const PRIMARY = "us-east-1";
export const DR = "eu-west-1";
export const GLOBAL_ID = "calcapp-production-global";
export const GLOBAL_ENDPOINT = `${GLOBAL_ID}.global-abc123.global.rds.amazonaws.com`;
export const DB_SECRET = "calcapp-production/database";
export const ROLE_SECRET = "calcapp-production/dr-role";

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
  regionRoleSecretId: ROLE_SECRET,
  publicUrl: "https://app.calcapp.test",
  distributionId: "E123TEST",
  assetsPrefix: "_static",
  restoreRegion: PRIMARY,
  regions: {
    [PRIMARY]: {
      clusterId: "calcapp-production",
      databaseSecretId: DB_SECRET,
      healthUrl: "https://primary-api.execute-api.us-east-1.amazonaws.com/health",
      replicationGroupId: "calcapp-production",
      functions: ["calcapp-production-calculator", "calcapp-production-history", "calcapp-production-migrate"],
      reservedConcurrency: { "calcapp-production-migrate": 1 },
      assetsBucket: "assets-primary",
      scheduleRules: ["calcapp-production-archive-history", "calcapp-production-clean-sessions"],
      rebuild: { dbSubnetGroupName: "calcapp-production-aurora", vpcSecurityGroupIds: ["sg-1"], engineVersion: "15.8" },
    },
    [DR]: {
      clusterId: "calcapp-production-dr",
      // The same secret: its replica in eu-west-1 (same name).
      databaseSecretId: DB_SECRET,
      healthUrl: "https://dr-api.execute-api.eu-west-1.amazonaws.com/health",
      replicationGroupId: "calcapp-production-dr",
      functions: ["calcapp-production-dr-calculator", "calcapp-production-dr-history", "calcapp-production-dr-migrate"],
      reservedConcurrency: { "calcapp-production-dr-migrate": 1 },
      assetsBucket: "assets-dr",
      scheduleRules: ["calcapp-production-dr-archive-history", "calcapp-production-dr-clean-sessions"],
    },
  },
};

export class FakeAws {
  now = Date.parse("2026-11-25T10:00:00Z");
  readonly clock: Clock = { now: () => this.now, sleep: async (ms) => this.advance(ms) };

  readonly down = new Set<string>();
  /** Route 53 API calls made (the failover path must make none: its control plane is in us-east-1). */
  readonly route53Calls: string[] = [];
  /** Where each secret's primary copy lives; the other region holds a read-only replica (until promoted). */
  readonly secretPrimary = new Map<string, string>([
    [DB_SECRET, PRIMARY],
    [ROLE_SECRET, DR],
  ]);
  readonly standaloneReplicas = new Set<string>();
  /** Database logins that work now: alternating users keep the previous user valid. */
  readonly validLogins = new Set<string>();
  /** Lambda invocations (the migration Lambda's row counts). */
  readonly invocations: string[] = [];
  /** Reserved concurrency per "region|function" (absent: unreserved). */
  readonly concurrency = new Map<string, number>();
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
  private readonly ecMock = mockClient(ElastiCacheClient);
  private readonly cwMock = mockClient(CloudWatchClient);
  private readonly evMock = mockClient(EventBridgeClient);

  constructor() {
    this.addCluster(PRIMARY, "calcapp-production", "available");
    this.addCluster(DR, "calcapp-production-dr", "available");
    this.members = [
      { region: PRIMARY, id: "calcapp-production", isWriter: true, sync: "connected" },
      { region: DR, id: "calcapp-production-dr", isWriter: false, sync: "connected" },
    ];
    this.lagMs.set(DR, 850);
    this.lagMs.set(PRIMARY, 900);
    // One database secret (host: the global writer endpoint), replicated to eu-west-1; the region role, primary copy in eu-west-1.
    const creds = { engine: "postgres", username: "calcapp_app", password: "pw-1", dbname: "calcapp", port: 5432, masterarn: `arn:aws:secretsmanager:${PRIMARY}:${ACCOUNT}:secret:calcapp-production/database-master` };
    this.validLogins.add("calcapp_app:pw-1");
    for (const region of [PRIMARY, DR]) {
      this.secrets.set(key(region, DB_SECRET), JSON.stringify({ ...creds, host: GLOBAL_ENDPOINT }));
      this.secrets.set(key(region, ROLE_SECRET), JSON.stringify({ writer: PRIMARY, epoch: 1 }));
    }
    this.datastore = [
      { group: "calcapp-production", region: PRIMARY, role: "primary" },
      { group: "calcapp-production-dr", region: DR, role: "secondary" },
    ];
    for (const region of [PRIMARY, DR]) {
      for (const name of testConfig.regions[region]!.functions) {
        // Versions 1..3 published an hour apart; 3 is live (the bad deploy).
        const versions = [1, 2, 3].map((n) => ({ version: String(n), publishedAt: this.now - (4 - n) * 3_600_000, codeSha: `sha-${n}`, env: { APP_REGION: region } }));
        this.functions.set(key(region, name), { versions, latest: { codeSha: "sha-3", env: { APP_REGION: region }, updatedAt: this.now }, live: "3" });
        const reserved = testConfig.regions[region]!.reservedConcurrency[name];
        if (reserved !== undefined) this.concurrency.set(key(region, name), reserved);
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
    for (const mock of [this.rdsMock, this.smMock, this.r53Mock, this.lambdaMock, this.s3Mock, this.cfMock, this.ecMock, this.cwMock, this.evMock]) mock.restore();
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

  /** The region role as the region's Lambdas read it (their copy of the replicated secret). */
  roleSeenIn(region: string): { writer: string; epoch: number } | undefined {
    const value = this.secrets.get(key(region, ROLE_SECRET));
    return value ? (JSON.parse(value) as { writer: string; epoch: number }) : undefined;
  }

  fenced(region: string): boolean {
    return testConfig.regions[region]!.functions.every((name) => this.concurrency.get(key(region, name)) === 0);
  }

  /** A region's /health (app/lib/dr/writer-check.server.ts): up, named writer by its role copy, its database connection (the global writer endpoint) reaches a writer in it, not fenced. */
  healthy(region: string): boolean {
    const writer = this.writer();
    return !this.down.has(region) && this.roleSeenIn(region)?.writer === region && writer?.region === region && !this.switching && !this.fenced(region) && this.login(region);
  }

  /** The region's Lambdas can log in with their copy of the database secret. */
  login(region: string): boolean {
    const value = this.secrets.get(key(region, DB_SECRET));
    if (!value) return false;
    const secret = JSON.parse(value) as { host?: string; username?: string; password?: string };
    return secret.host === GLOBAL_ENDPOINT && this.validLogins.has(`${secret.username}:${secret.password}`);
  }

  /** What the PRIMARY/SECONDARY failover records resolve to (none healthy: the primary, which fails). */
  servingRegion(): string | undefined {
    if (this.healthy(PRIMARY)) return PRIMARY;
    return this.healthy(DR) ? DR : undefined;
  }

  secretHost(region: string, id: string): string | undefined {
    const value = this.secrets.get(key(region, id));
    return value ? (JSON.parse(value) as { host?: string }).host : undefined;
  }

  /** Alternating-users rotation of the database secret in its primary region (the previous user stays valid). */
  rotateDatabaseSecret(): void {
    const region = this.secretPrimary.get(DB_SECRET) as string;
    if (this.down.has(region)) throw new Error("rotation runs in the secret's primary region");
    const current = JSON.parse(this.secrets.get(key(region, DB_SECRET)) as string) as { username: string; password: string };
    const username = current.username.endsWith("_clone") ? current.username.replace(/_clone$/, "") : `${current.username}_clone`;
    const password = `pw-${this.versionSeq++}-rotated`;
    // The user about to be rotated loses its old password; the other (previous) stays valid.
    for (const login of [...this.validLogins]) if (login.startsWith(`${username}:`)) this.validLogins.delete(login);
    this.validLogins.add(`${username}:${password}`);
    this.secrets.set(key(region, DB_SECRET), JSON.stringify({ ...current, username, password }));
    this.replicateSecrets();
  }

  /** Secrets Manager replication: each replica follows its primary copy while both regions answer. */
  replicateSecrets(): void {
    for (const [id, home] of this.secretPrimary) {
      for (const region of [PRIMARY, DR]) {
        if (region === home || this.down.has(region) || this.down.has(home) || this.standaloneReplicas.has(key(region, id))) continue;
        const value = this.secrets.get(key(home, id));
        if (value !== undefined) this.secrets.set(key(region, id), value);
      }
    }
  }

  /** The smoke test passes when a region serves, its Lambdas log in through the global writer endpoint and its sessions store takes writes. */
  smokeOk(): { ok: boolean; detail: string } {
    const region = this.servingRegion();
    if (!region) return { ok: false, detail: "no region serves" };
    const sessions = this.datastore.find((d) => d.region === region);
    if (sessions && sessions.role !== "primary") return { ok: false, detail: `${region}'s sessions are read-only` };
    return { ok: true, detail: "5 checks passed" };
  }

  /** The probe of a region's /health the AWS backend makes. */
  readonly probe = async (url: string): Promise<number> => {
    const region = Object.entries(testConfig.regions).find(([, c]) => c.healthUrl === url)?.[0] as string;
    if (this.down.has(region)) return 0;
    return this.healthy(region) ? 200 : 503;
  };

  advance(ms: number): void {
    this.now += ms;
    this.replicateSecrets();
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
    const [rds, sm, r53, lambda, s3, cf, ec, cw, ev] = [this.rdsMock, this.smMock, this.r53Mock, this.lambdaMock, this.s3Mock, this.cfMock, this.ecMock, this.cwMock, this.evMock];
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
            Endpoint: GLOBAL_ENDPOINT,
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
      const home = this.secretPrimary.get(input.SecretId);
      if (home && home !== region && !this.standaloneReplicas.has(key(region, input.SecretId))) {
        throw awsError("InvalidRequestException", `Operation not permitted on a replica secret. Call must be made in primary secret's region (${home}).`);
      }
      this.secrets.set(key(region, input.SecretId), input.SecretString);
      this.replicateSecrets();
      return {};
    });
    sm.on(StopReplicationToReplicaCommand).callsFake(async (input: { SecretId: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("StopReplicationToReplica", region, true);
      this.standaloneReplicas.add(key(region, input.SecretId));
      return {};
    });

    // -------------------------------------------------------------------- Route 53 ----
    // Its control plane lives in us-east-1: every call is recorded, and fails when us-east-1 is down.
    r53.onAnyCommand().callsFake(async (input: unknown) => {
      this.route53Calls.push(JSON.stringify(input));
      this.guard("Route53", PRIMARY);
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

    // The migration Lambda, invoked for row counts (inside the VPC): answers from the fake's rows.
    lambda.on(InvokeCommand).callsFake(async (input: { FunctionName: string; Payload: Uint8Array }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("Invoke", region);
      this.fn(region, input.FunctionName);
      const event = JSON.parse(new TextDecoder().decode(input.Payload)) as { rowCounts?: { host: string; tables: string[] } };
      if (!event.rowCounts) throw new Error("fake AWS: only row-count invocations are modelled");
      const cluster = event.rowCounts.host.split(".")[0] as string;
      const rows = this.rows.get(cluster);
      const body = rows ? { applied: [], counts: Object.fromEntries(event.rowCounts.tables.map((t) => [t, rows[t] ?? 0])) } : { errorMessage: `getaddrinfo ENOTFOUND ${event.rowCounts.host}` };
      this.invocations.push(`${input.FunctionName} ${JSON.stringify(event)}`);
      return { StatusCode: 200, FunctionError: rows ? undefined : "Unhandled", Payload: new TextEncoder().encode(JSON.stringify(body)) };
    });
    lambda.on(GetFunctionConcurrencyCommand).callsFake(async (input: { FunctionName: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("GetFunctionConcurrency", region);
      this.fn(region, input.FunctionName);
      return { ReservedConcurrentExecutions: this.concurrency.get(key(region, input.FunctionName)) };
    });
    lambda.on(PutFunctionConcurrencyCommand).callsFake(async (input: { FunctionName: string; ReservedConcurrentExecutions: number }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("PutFunctionConcurrency", region, true);
      this.fn(region, input.FunctionName);
      this.concurrency.set(key(region, input.FunctionName), input.ReservedConcurrentExecutions);
      return { ReservedConcurrentExecutions: input.ReservedConcurrentExecutions };
    });
    lambda.on(DeleteFunctionConcurrencyCommand).callsFake(async (input: { FunctionName: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("DeleteFunctionConcurrency", region, true);
      this.concurrency.delete(key(region, input.FunctionName));
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

    // ------------------------------------------------------------------ CloudWatch ----
    cw.on(GetMetricStatisticsCommand).callsFake(async (input: { Dimensions: Array<{ Value: string }> }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard("GetMetricStatistics", region);
      expect(input.Dimensions[0]?.Value).toBe(testConfig.regions[region]!.clusterId);
      const lag = this.lagMs.get(region);
      return { Datapoints: lag === null || lag === undefined ? [] : [{ Timestamp: new Date(this.now - 60_000), Maximum: lag }] };
    });

    // ----------------------------------------------------------------- ElastiCache ----
    ec.on(DescribeGlobalReplicationGroupsCommand).callsFake(async (_input: unknown, getClient: GetClient) => {
      this.guard("DescribeGlobalReplicationGroups", await regionOf(getClient));
      return { GlobalReplicationGroups: [{ GlobalReplicationGroupId: testConfig.globalDatastoreId, Members: this.datastore.map((m) => ({ ReplicationGroupId: m.group, ReplicationGroupRegion: m.region, Role: m.role.toUpperCase() })) }] };
    });
    ec.on(FailoverGlobalReplicationGroupCommand).callsFake(async (input: { PrimaryRegion: string }, getClient: GetClient) => {
      this.guard("FailoverGlobalReplicationGroup", await regionOf(getClient), true);
      const primary = this.datastore.find((m) => m.role === "primary");
      if (primary && this.down.has(primary.region)) throw awsError("InvalidGlobalReplicationGroupStateFault", "the primary region is unavailable");
      this.datastoreSwitch = { to: input.PrimaryRegion, doneAt: this.now + DURATIONS.datastoreFailover };
      return {};
    });
    ec.on(DisassociateGlobalReplicationGroupCommand).callsFake(async (input: { ReplicationGroupId: string; ReplicationGroupRegion: string }, getClient: GetClient) => {
      this.guard("DisassociateGlobalReplicationGroup", await regionOf(getClient), true);
      this.datastore = this.datastore.filter((m) => !(m.group === input.ReplicationGroupId && m.region === input.ReplicationGroupRegion));
      return {};
    });

    // ----------------------------------------------------------------- EventBridge ----
    const rule = async (action: string, input: { Name: string }, getClient: GetClient) => {
      const region = await regionOf(getClient);
      this.guard(action, region, action !== "DescribeRule");
      const name = key(region, input.Name);
      if (!this.rules.has(name)) throw awsError("ResourceNotFoundException", `Rule ${input.Name} does not exist.`);
      return name;
    };
    ev.on(DescribeRuleCommand).callsFake(async (input: { Name: string }, getClient: GetClient) => ({ Name: input.Name, State: this.rules.get(await rule("DescribeRule", input, getClient)) ? "ENABLED" : "DISABLED" }));
    ev.on(EnableRuleCommand).callsFake(async (input: { Name: string }, getClient: GetClient) => {
      this.rules.set(await rule("EnableRule", input, getClient), true);
      return {};
    });
    ev.on(DisableRuleCommand).callsFake(async (input: { Name: string }, getClient: GetClient) => {
      this.rules.set(await rule("DisableRule", input, getClient), false);
      return {};
    });

    // ------------------------------------------------------------------ CloudFront ----
    cf.on(CreateInvalidationCommand).callsFake(async (input: { InvalidationBatch: { Paths: { Items: string[] } } }) => {
      this.guard("CreateInvalidation", PRIMARY, true);
      this.invalidations.push(input.InvalidationBatch.Paths.Items);
      return { Invalidation: { Id: `I${this.invalidations.length}`, Status: "InProgress" } };
    });
  }

  schedulesOn(region: string): boolean[] {
    return testConfig.regions[region]!.scheduleRules.map((rule) => this.rules.get(key(region, rule)) ?? false);
  }
}

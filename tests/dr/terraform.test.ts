// dr/terraform, checked offline like terraform/ (tests/infra): structural asserts on the HCL for
// every figure the failover design names, then `terraform fmt -check` and `init -backend=false` + `validate`
// through the local provider mirror when terraform and /opt/tf-plugins exist (SKIPPED otherwise).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTerraform, nested, one, repoRoot, terraformDir, type Obj, type Terraform } from "../infra/hcl";
import { createTerraformWorkspace, terraformAvailable, terraformSkipReason, type TerraformWorkspace } from "../infra/terraform-workspace";

const drDir = join(repoRoot, "dr", "terraform");
let dr: Terraform;
let main: Terraform;

beforeAll(async () => {
  dr = await loadTerraform(drDir);
  main = await loadTerraform(terraformDir);
});

const res = (type: string, name: string): Obj => dr.resource("", type, name);

describe("dr/terraform: providers and the primary's state", () => {
  it("pins the AWS provider like terraform/ and has its own S3 state", () => {
    const settings = dr.settings();
    expect(settings).toHaveLength(1);
    const body = settings[0]!.body;
    expect(one(body, "required_providers").aws).toEqual({ source: "hashicorp/aws", version: "~> 6.20" });
    expect(body.required_version).toBe(">= 1.11");
    const backend = nested(body, "backend")[0] as Obj;
    // In the DR region, with S3-native locking: usable while us-east-1 is down.
    expect(one(backend, "s3")).toMatchObject({ bucket: "calcapp-terraform-state-eu-west-1", region: "eu-west-1", key: "production-dr/terraform.tfstate", encrypt: true, use_lockfile: true });
    expect(one(backend, "s3").dynamodb_table).toBeUndefined();
    // ...which terraform/bootstrap creates as the replica of the state bucket (so production's state is readable there too).
    const replica = main.labelled("module", "bootstrap").find((m) => m.name === "state_bucket_dr")?.body as Obj;
    expect(replica.name).toBe("${var.state_bucket_name}-${var.state_dr_region}");
    expect(main.variableDefault("bootstrap", "state_dr_region")).toBe("eu-west-1");
    expect(dr.variableDefault("", "primary_state_region")).toBe("us-east-1");
  });

  it("has a provider alias for us-east-1 and the DR region eu-west-1 as the default provider", () => {
    const providers = dr.labelled("provider").map((p) => p.body);
    expect(providers.find((p) => p.alias === "primary")?.region).toBe("${var.primary_region}");
    expect(providers.find((p) => p.alias === undefined)?.region).toBe("${var.dr_region}");
    expect(dr.variableDefault("", "primary_region")).toBe("us-east-1");
    expect(dr.variableDefault("", "dr_region")).toBe("eu-west-1");
  });

  it("uses no registry modules: only terraform/'s own modules", () => {
    const sources = dr.labelled("module").map((m) => m.body.source);
    expect(sources.sort()).toEqual([
      "../../terraform/modules/app-environment",
      "../../terraform/modules/compute",
      "../../terraform/modules/monitoring",
      "../../terraform/modules/networking",
      "../../terraform/modules/secure-bucket",
      "../../terraform/modules/secure-bucket",
      "../../terraform/modules/ses",
    ]);
  });

  it("reads every primary output it uses, and terraform/environments/production exports them", () => {
    const text = [...dr.files.values()].map((f) => JSON.stringify(f)).join("\n");
    const used = new Set([...text.matchAll(/local\.primary\.([a-z_]+)/g)].map((m) => m[1] as string));
    const exported = main.labelled("output", "environments/production").map((o) => o.name);
    expect([...used].sort()).toEqual(expect.arrayContaining(["api_endpoint", "api_id", "app_settings", "global_cluster_identifier", "redis_node_type", "redis_replication_group_id", "regional_settings", "secret_arns"]));
    for (const name of used) expect(exported, `environments/production output ${name}`).toContain(name);
  });
});

describe("dr/terraform: Aurora Global Database", () => {
  it("production's own stack makes its cluster the primary of a global cluster and names its global writer endpoint in the app's secret", () => {
    const global = main.resource("modules/storage", "aws_rds_global_cluster", "main");
    expect(global.source_db_cluster_identifier).toBe("${aws_rds_cluster.main.arn}");
    expect(global.count).toBe("${var.global_cluster_identifier == null ? 0 : 1}");
    expect(main.tfvars("environments/production").global_cluster_identifier).toBe("calcapp-production-global");
    const version = main.resource("modules/storage", "aws_secretsmanager_secret_version", "database");
    expect(version.secret_string_wo).toContain("local.database_writer_host");
    expect(version.secret_string_wo).toContain("masterarn");
    expect(JSON.stringify(main.files.get("modules/storage/global.tf"))).toContain("aws_rds_global_cluster.main[0].endpoint");
  });

  it("rotates the app's login with alternating users (the previous user stays valid) and replicates that one secret to the DR region", () => {
    const stacks = main.resource("modules/storage", "aws_serverlessapplicationrepository_cloudformation_stack", "db_rotation");
    expect(JSON.stringify(main.files.get("modules/storage/secrets.tf"))).toContain("SecretsManagerRDSPostgreSQLRotationMultiUser");
    expect(stacks.for_each).toBe("${local.rotation_applications}");
    const rotation = main.resource("modules/storage", "aws_secretsmanager_secret_rotation", "database");
    expect(rotation.rotation_lambda_arn).toBe('${aws_serverlessapplicationrepository_cloudformation_stack.db_rotation["app"].outputs["RotationLambdaARN"]}');
    expect(main.tfvars("environments/production").secret_replica_regions).toEqual(["eu-west-1"]);
    // The DR stack has no database secret of its own: its Lambdas read the replica.
    expect(dr.blocks("resource", "aws_secretsmanager_secret").map((b) => b.name)).toEqual(["region_role"]);
    expect(nested(dr.files.get("stack.tf"), "locals").find((l) => "dr_secret_arns" in l)?.dr_secret_arns).toBe("${local.replica_secret_arns}");
  });

  it("has a secondary cluster in eu-west-1 that joins it, with a Serverless v2 instance", () => {
    const secondary = res("aws_rds_cluster", "secondary");
    expect(secondary.provider).toBeUndefined(); // the default provider: the DR region
    expect(secondary.global_cluster_identifier).toBe("${local.primary.global_cluster_identifier}");
    expect(secondary).toMatchObject({ engine: "aurora-postgresql", storage_encrypted: true, backup_retention_period: 35, deletion_protection: true });
    expect(secondary.master_username).toBeUndefined();
    expect(one(secondary, "serverlessv2_scaling_configuration")).toEqual({ min_capacity: 0.5, max_capacity: 4 });
    expect(one(secondary, "lifecycle").ignore_changes).toEqual(expect.arrayContaining(["${global_cluster_identifier}"]));
    // ...and terraform/'s primary cluster leaves its membership alone too.
    expect(one(main.resource("modules/storage", "aws_rds_cluster", "main"), "lifecycle").ignore_changes).toEqual(["${global_cluster_identifier}"]);
    expect(res("aws_rds_cluster_instance", "secondary")).toMatchObject({ instance_class: "db.serverless", cluster_identifier: "${aws_rds_cluster.secondary.id}" });
  });

  it("alarms on AuroraGlobalDBReplicationLag and AuroraGlobalDBRPOLag of the secondary", () => {
    const alarms = dr.blocks("resource", "aws_cloudwatch_metric_alarm").map((b) => b.body);
    for (const metric of ["AuroraGlobalDBReplicationLag", "AuroraGlobalDBRPOLag"]) {
      const alarm = alarms.find((a) => a.metric_name === metric);
      expect(alarm, metric).toBeDefined();
      expect(alarm).toMatchObject({ namespace: "AWS/RDS", dimensions: { DBClusterIdentifier: "${aws_rds_cluster.secondary.cluster_identifier}" } });
      expect(alarm?.alarm_actions).toEqual(["${aws_sns_topic.dr_alerts.arn}"]);
    }
  });
});

describe("dr/terraform: warm standby stack", () => {
  it("deploys the same Lambdas from the same app.arc manifest, with the same environment module, reporting the DR region", () => {
    const compute = dr.labelled("module").find((m) => m.name === "compute")!.body;
    expect(compute.manifest_path).toBe("${local.manifest_path}");
    expect(compute.environment_variables).toBe("${module.app_environment.environment_variables}");
    const env = dr.labelled("module").find((m) => m.name === "app_environment")!.body;
    expect(env).toMatchObject({ region: "${var.dr_region}", settings: "${local.primary.app_settings}" });
    expect(env.redis_url).toContain("aws_elasticache_replication_group.sessions");
    expect(compute.secret_arns).toBe("${local.dr_secret_arns}");
    // The standby's scheduled jobs are off (its database is a reader) until a failover enables them.
    expect(compute.schedules_enabled).toBe(false);
    expect(main.resource("modules/compute", "aws_cloudwatch_event_rule", "schedule").state).toBe('${var.schedules_enabled ? "ENABLED" : "DISABLED"}');
    expect(main.variableDefault("modules/compute", "schedules_enabled")).toBe(true);
  });

  it("keeps sessions in an ElastiCache Global Datastore with a member in the DR region, checking the primary's real node type", () => {
    const global = res("aws_elasticache_global_replication_group", "sessions");
    expect(global.provider).toBe("${aws.primary}");
    expect(global.primary_replication_group_id).toBe("${local.primary.redis_replication_group_id}");
    const member = res("aws_elasticache_replication_group", "sessions");
    expect(member.global_replication_group_id).toBe("${aws_elasticache_global_replication_group.sessions.global_replication_group_id}");
    expect(one(one(member, "lifecycle"), "precondition").condition).toBe("${can(regex(local.global_datastore_node_types, local.primary.redis_node_type))}");
    const families = new RegExp(String(nested(dr.files.get("stack.tf"), "locals").map((l) => l.global_datastore_node_types).find(Boolean)));
    expect(families.test("cache.t4g.micro")).toBe(false);
    expect(families.test("cache.m7g.large")).toBe(true);
    // Production's default is a node type Global Datastore accepts.
    expect(families.test(String(main.tfvars("environments/production").redis_node_type))).toBe(true);
    expect(dr.labelled("variable").some((v) => v.name === "redis_global_node_type")).toBe(false);
  });

  it("has the region role secret: primary copy in the DR region, replicated to us-east-1, starting with us-east-1 as the writer", () => {
    const role = res("aws_secretsmanager_secret", "region_role");
    expect(role.provider).toBeUndefined(); // the DR region
    expect(one(role, "replica").region).toBe("${var.primary_region}");
    expect(res("aws_secretsmanager_secret_version", "region_role").secret_string_wo).toBe("${jsonencode({ writer = var.primary_region, epoch = 1 })}");
    expect(main.tfvars("environments/production").region_role_secret_name).toBe("calcapp-production/dr-role");
  });
});

describe("dr/terraform: Route 53 failover of the API origin", () => {
  it("probes each region's /health over HTTPS every 10 s, unhealthy after 3 failures", () => {
    const check = res("aws_route53_health_check", "region");
    expect(check).toMatchObject({ type: "HTTPS", port: 443, resource_path: "${var.health_check_path}", enable_sni: true });
    expect(check.request_interval).toBe("${var.health_check_interval}");
    expect(check.failure_threshold).toBe("${var.health_check_failure_threshold}");
    expect(dr.variableDefault("", "health_check_path")).toBe("/health");
    expect(dr.variableDefault("", "health_check_interval")).toBe(10);
    expect(dr.variableDefault("", "health_check_failure_threshold")).toBe(3);
  });

  it("has PRIMARY and SECONDARY failover records, TTL 60, on the API origin host, each with its health check", () => {
    const record = res("aws_route53_record", "api_origin");
    // Each record follows its region's /health (writer + region role): nothing to pin, no Route 53 call on failover.
    expect(record).toMatchObject({ name: "${var.api_origin_domain_name}", type: "CNAME", ttl: "${var.failover_record_ttl}", health_check_id: "${aws_route53_health_check.region[each.value.check].id}" });
    expect(dr.blocks("resource", "aws_route53_health_check").map((b) => b.name).sort()).toEqual(["ready", "region"]);
    expect(one(record, "failover_routing_policy").type).toBe("${each.key}");
    expect(Object.keys(record.for_each as Obj).sort()).toEqual(["PRIMARY", "SECONDARY"]);
    expect(dr.variableDefault("", "failover_record_ttl")).toBe(60);
  });

  it("pages when no region serves, and on each region's readiness (/v1/health), never on the standby's routing check that fails by design", () => {
    const alarms = dr.blocks("resource", "aws_cloudwatch_metric_alarm").map((b) => b.name);
    expect(alarms).toEqual(expect.arrayContaining(["no_region_serving", "region_not_ready"]));
    expect(alarms).not.toContain("region_unhealthy");
    expect(res("aws_route53_health_check", "ready").resource_path).toBe("${var.readiness_check_path}");
    expect(dr.variableDefault("", "readiness_check_path")).toBe("/v1/health");
    const serving = res("aws_cloudwatch_metric_alarm", "no_region_serving");
    expect(nested(serving, "metric_query").find((q) => q.id === "serving")?.expression).toContain("MAX(");
  });

  it("puts a regional API Gateway custom domain for that host in both regions", () => {
    for (const name of ["primary", "dr"]) {
      const domain = res("aws_apigatewayv2_domain_name", name);
      expect(domain.domain_name).toBe("${var.api_origin_domain_name}");
      expect(one(domain, "domain_name_configuration").endpoint_type).toBe("REGIONAL");
      expect(res("aws_apigatewayv2_api_mapping", name).stage).toBe("$default");
    }
    expect(res("aws_apigatewayv2_domain_name", "primary").provider).toBe("${aws.primary}");
    expect(res("aws_apigatewayv2_domain_name", "dr").provider).toBeUndefined();
  });

  it("CloudFront (terraform/modules/cdn) can use that host as its API origin", () => {
    expect(main.variableDefault("modules/cdn", "api_origin_domain_name")).toBeNull();
    expect(main.variableDefault("", "api_origin_domain_name")).toBeNull();
  });
});

describe("dr/terraform: assets", () => {
  it("has DR copies of the assets and of the history archive (user data), each a secure-bucket, the archive used by the DR Lambdas", () => {
    const modules = dr.labelled("module");
    for (const name of ["assets_dr_bucket", "archive_dr_bucket"]) expect(modules.find((m) => m.name === name)?.body.source, name).toBe("../../terraform/modules/secure-bucket");
    expect(modules.find((m) => m.name === "compute")?.body.archive_bucket_arn).toBe("${module.archive_dr_bucket.arn}");
    expect(modules.find((m) => m.name === "app_environment")?.body.archive_bucket).toBe("${module.archive_dr_bucket.id}");
    const secure = main.resource("modules/secure-bucket", "aws_s3_bucket_versioning", "this");
    expect(one(secure, "versioning_configuration").status).toBe("Enabled");
    expect(main.resource("modules/secure-bucket", "aws_s3_bucket_public_access_block", "this")).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
  });

  it("terraform/'s CloudFront serves /_static/* through an origin group over both buckets when DR is configured", () => {
    const cf = main.resource("modules/cdn", "aws_cloudfront_distribution", "main");
    const group = nested(cf, "dynamic").find((d) => "origin_group" in d);
    const content = one(one(group, "origin_group"), "content");
    expect(nested(content, "member").map((m) => m.origin_id)).toEqual(["assets", "assets-dr"]);
    expect(one(content, "failover_criteria").status_codes).toEqual(expect.arrayContaining([500, 502, 503, 504]));
    expect(main.variableDefault("modules/cdn", "assets_failover_bucket_regional_domain_name")).toBeNull();
  });
});

// --------------------------------------------------------------------------- terraform CLI ---

if (terraformSkipReason) console.log(`SKIPPED: ${terraformSkipReason}: dr/terraform fmt/init/validate not run (structural tests ran).`);

describe.skipIf(!terraformAvailable)("dr/terraform: terraform CLI (offline, provider mirror)", () => {
  let workspace: TerraformWorkspace;
  let work = "";
  const tf = (args: string[], cwd: string) => workspace.tf(args, cwd, { TF_DATA_DIR: join(work, "data") });

  beforeAll(() => {
    // dr/terraform uses ../../terraform/modules: copy both, side by side as in the repository.
    workspace = createTerraformWorkspace("calcapp-dr-terraform-", [
      [terraformDir, "terraform"],
      [drDir, join("dr", "terraform")],
    ]);
    work = workspace.dir;
  });

  afterAll(() => workspace?.remove());

  it("terraform fmt -check finds nothing to reformat", async () => {
    const { stdout } = await tf(["fmt", "-check", "-recursive", "-diff", "-no-color", drDir], drDir);
    expect(stdout).toBe("");
  }, 30_000);

  it("init -backend=false and validate, with no warnings", async () => {
    const dir = join(work, "dr", "terraform");
    await tf(["init", "-backend=false", "-input=false", "-no-color"], dir);
    const { stdout } = await tf(["validate", "-json", "-no-color"], dir);
    const result = JSON.parse(stdout) as { valid: boolean; diagnostics: Array<{ severity: string; summary: string; detail?: string }> };
    expect(result.diagnostics.map((d) => `${d.severity}: ${d.summary} ${d.detail ?? ""}`)).toEqual([]);
    expect(result.valid).toBe(true);
  }, 90_000);

  it("wrote nothing into the repository", () => {
    expect(existsSync(join(drDir, ".terraform"))).toBe(false);
    expect(existsSync(join(drDir, ".terraform.lock.hcl"))).toBe(false);
  });
});

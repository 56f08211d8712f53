// dr/terraform, checked offline like terraform/ (tests/infra): structural asserts on the HCL for
// every figure issue 9 names, then `terraform fmt -check` and `init -backend=false` + `validate`
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
    expect(one(backend, "s3")).toMatchObject({ key: "production-dr/terraform.tfstate", encrypt: true, dynamodb_table: "terraform-state-lock" });
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
    expect(sources.sort()).toEqual(["../../terraform/modules/compute", "../../terraform/modules/networking"]);
  });

  it("reads every primary output it uses, and terraform/environments/production exports them", () => {
    const text = [...dr.files.values()].map((f) => JSON.stringify(f)).join("\n");
    const used = new Set([...text.matchAll(/local\.primary\.([a-z_]+)/g)].map((m) => m[1] as string));
    const exported = main.labelled("output", "environments/production").map((o) => o.name);
    expect([...used].sort()).toEqual(expect.arrayContaining(["api_endpoint", "api_id", "aurora_cluster_arn", "redis_replication_group_id", "secret_arns"]));
    for (const name of used) expect(exported, `environments/production output ${name}`).toContain(name);
  });
});

describe("dr/terraform: Aurora Global Database", () => {
  it("makes production's cluster the primary of a global cluster, in us-east-1", () => {
    const global = res("aws_rds_global_cluster", "main");
    expect(global.provider).toBe("${aws.primary}");
    expect(global.source_db_cluster_identifier).toBe("${local.primary.aurora_cluster_arn}");
    expect(global.deletion_protection).toBe(true);
  });

  it("has a secondary cluster in eu-west-1 that joins it, with a Serverless v2 instance", () => {
    const secondary = res("aws_rds_cluster", "secondary");
    expect(secondary.provider).toBeUndefined(); // the default provider: the DR region
    expect(secondary.global_cluster_identifier).toBe("${aws_rds_global_cluster.main.id}");
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
  it("deploys the same Lambdas from the same app.arc manifest, reporting the DR region", () => {
    const compute = dr.labelled("module").find((m) => m.name === "compute")!.body;
    expect(compute.manifest_path).toBe("${local.manifest_path}");
    const env = compute.environment_variables as Obj;
    expect(env.APP_REGION).toBe("${var.dr_region}");
    expect(env.REDIS_URL).toContain("aws_elasticache_replication_group.sessions");
    expect(compute.secret_arns).toBe("${local.dr_secret_arns}");
    // The standby's scheduled jobs are off (its database is a reader) until a failover enables them.
    expect(compute.schedules_enabled).toBe(false);
    expect(main.resource("modules/compute", "aws_cloudwatch_event_rule", "schedule").state).toBe('${var.schedules_enabled ? "ENABLED" : "DISABLED"}');
    expect(main.variableDefault("modules/compute", "schedules_enabled")).toBe(true);
  });

  it("keeps sessions in an ElastiCache Global Datastore with a member in the DR region", () => {
    const global = res("aws_elasticache_global_replication_group", "sessions");
    expect(global.provider).toBe("${aws.primary}");
    expect(global.primary_replication_group_id).toBe("${local.primary.redis_replication_group_id}");
    expect(res("aws_elasticache_replication_group", "sessions").global_replication_group_id).toBe(
      "${aws_elasticache_global_replication_group.sessions.global_replication_group_id}",
    );
  });

  it("gives the DR stack its own database secret (writable by the failover script), written without values in state", () => {
    const version = res("aws_secretsmanager_secret_version", "database");
    expect(version.secret_string_wo).toContain("aws_rds_cluster.secondary.endpoint");
    expect(version.secret_string).toBeUndefined();
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
    expect(record).toMatchObject({ name: "${var.api_origin_domain_name}", type: "CNAME", ttl: "${var.failover_record_ttl}", health_check_id: "${aws_route53_health_check.routing[each.value.check].id}" });
    // The record's check: calculated over the HTTPS check, threshold 1 (the scripts pin it to 2).
    const routing = res("aws_route53_health_check", "routing");
    expect(routing).toMatchObject({ type: "CALCULATED", child_healthchecks: ["${each.value.id}"], child_health_threshold: 1 });
    expect(one(routing, "lifecycle").ignore_changes).toEqual(["${child_health_threshold}"]);
    expect(one(record, "failover_routing_policy").type).toBe("${each.key}");
    expect(Object.keys(record.for_each as Obj).sort()).toEqual(["PRIMARY", "SECONDARY"]);
    expect(dr.variableDefault("", "failover_record_ttl")).toBe(60);
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
  it("has a versioned DR assets bucket that CloudFront may read", () => {
    expect(one(res("aws_s3_bucket_versioning", "assets_dr"), "versioning_configuration").status).toBe("Enabled");
    expect(res("aws_s3_bucket_public_access_block", "assets_dr")).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
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

// Structural tests of terraform/: the HCL parsed with @cdktf/hcl2json, checked against the values
// of the deployment spec (sections 3, 6, 7.1, 8, 9, Appendix A). No terraform binary needed.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamicContents, isObj, loadTerraform, nested, one, terraformDir, type Block, type Json, type Obj, type Terraform } from "./hcl";

let tf: Terraform;

beforeAll(async () => {
  tf = await loadTerraform();
});

const ENVIRONMENTS = ["staging", "production"] as const;
const str = (value: Json | undefined) => (typeof value === "string" ? value : JSON.stringify(value));

describe("layout (section 3.1)", () => {
  it("has the root files, the five modules, both environments and the bootstrap", () => {
    const expected = [
      "main.tf",
      "variables.tf",
      "outputs.tf",
      "backend.tf",
      "lambda-manifest.json",
      "environments/staging/main.tf",
      "environments/staging/terraform.tfvars",
      "environments/production/main.tf",
      "environments/production/terraform.tfvars",
      "bootstrap/main.tf",
    ];
    for (const file of expected) expect(existsSync(join(terraformDir, file)), file).toBe(true);
    for (const module of ["networking", "compute", "storage", "cdn", "monitoring"]) {
      const files = [...tf.files.keys()].filter((f) => f.startsWith(`modules/${module}/`) && f.endsWith(".tf"));
      expect(files.length, `modules/${module}`).toBeGreaterThan(0);
      expect(tf.labelled("module").filter((m) => m.dir === "" && m.body.source === `./modules/${module}`), module).toHaveLength(1);
    }
  });

  it("each environment is a root module calling the stack", () => {
    for (const env of ENVIRONMENTS) {
      const modules = tf.labelled("module", `environments/${env}`);
      expect(modules).toHaveLength(1);
      expect(modules[0]?.body.source).toBe("../..");
      expect(modules[0]?.body.environment).toBe("${var.environment}");
      expect(tf.tfvars(`environments/${env}`).environment).toBe(env);
    }
  });

  it("the staging and production roots differ only in their inputs: the same main.tf, their own tfvars and backend", () => {
    const [staging, production] = ENVIRONMENTS.map((env) => readFileSync(join(terraformDir, "environments", env, "main.tf"), "utf8"));
    expect(staging).toBe(production);
  });
});

describe("provider and Terraform versions", () => {
  it("pins the AWS provider to ~> 6.20 (the first with nodejs24.x) and Terraform to >= 1.11 everywhere", () => {
    const settings = tf.settings().filter((s) => nested(s.body, "required_providers").length > 0);
    const dirs = settings.map((s) => s.dir).sort();
    expect(dirs).toEqual(["", "bootstrap", "environments/production", "environments/staging", "modules/secure-bucket"]);
    for (const s of settings) {
      const aws = one(s.body, "required_providers").aws;
      expect(aws, s.file).toEqual({ source: "hashicorp/aws", version: "~> 6.20" });
      expect(s.body.required_version, s.file).toBe(">= 1.11");
    }
  });

  it("configures providers only in root modules", () => {
    const dirs = tf.labelled("provider").map((p) => p.dir).sort();
    // bootstrap: the account's region and the DR region (the state bucket's replica).
    expect(dirs).toEqual(["bootstrap", "bootstrap", "environments/production", "environments/staging"]);
  });

  it("tags every resource with Project, Environment, ManagedBy and CostCenter (section 9.1)", () => {
    // Each environment root tags with title(var.environment): "Staging", "Production".
    const expected: Record<string, string> = { "environments/staging": "${title(var.environment)}", "environments/production": "${title(var.environment)}", bootstrap: "Shared" };
    for (const provider of tf.labelled("provider")) {
      const tags = one(provider.body, "default_tags").tags;
      expect(tags, provider.file).toEqual({ Project: "CalcApp", Environment: expected[provider.dir], ManagedBy: "Terraform", CostCenter: "Engineering" });
    }
  });
});

describe("state backend (Appendix A.2)", () => {
  it("keeps each environment's state in the encrypted S3 bucket with the DynamoDB lock", () => {
    for (const env of ENVIRONMENTS) {
      const backends = tf.settings().filter((s) => s.dir === `environments/${env}`).flatMap((s) => nested(s.body, "backend"));
      expect(backends).toHaveLength(1);
      const s3 = one(backends[0], "s3");
      expect(s3).toMatchObject({
        bucket: "calcapp-terraform-state",
        key: `${env}/terraform.tfstate`,
        region: "us-east-1",
        encrypt: true,
        dynamodb_table: "terraform-state-lock",
      });
    }
  });

  it("declares no backend anywhere else (a module's backend block would be ignored)", () => {
    const dirs = tf.settings().filter((s) => nested(s.body, "backend").length > 0).map((s) => s.dir).sort();
    expect(dirs).toEqual(["environments/production", "environments/staging"]);
  });

  it("bootstrap creates that bucket (versioned, encrypted, private) and lock table", () => {
    expect(tf.variableDefault("bootstrap", "state_bucket_name")).toBe("calcapp-terraform-state");
    expect(tf.variableDefault("bootstrap", "lock_table_name")).toBe("terraform-state-lock");
    // A secure-bucket (versioned, private, HTTPS only: tested below), KMS-encrypted, never destroyed, replicated to the DR region.
    const state = tf.labelled("module", "bootstrap").find((m) => m.name === "state_bucket")?.body as Obj;
    expect(state).toMatchObject({ source: "../modules/secure-bucket", name: "${var.state_bucket_name}", prevent_destroy: true, sse_algorithm: "aws:kms" });
    expect((state.replication as Obj).destination_bucket_arn).toBe("${module.state_bucket_dr.arn}");
    const lock = tf.resource("bootstrap", "aws_dynamodb_table", "lock");
    expect(lock.hash_key).toBe("LockID");
    expect(nested(lock, "attribute")).toEqual([{ name: "LockID", type: "S" }]);
    expect(one(lock, "server_side_encryption").enabled).toBe(true);
  });
});

describe("account baseline (Appendix A.1)", () => {
  it("enables CloudTrail in every region with validated log files, and GuardDuty", () => {
    expect(tf.resource("bootstrap", "aws_cloudtrail", "account")).toMatchObject({
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
    });
    expect(tf.resource("bootstrap", "aws_guardduty_detector", "main").enable).toBe(true);
  });

  it("sets account-wide budget alerts at $100, $500 and $1000", () => {
    expect(tf.variableDefault("bootstrap", "budget_amounts")).toEqual([100, 500, 1000]);
    const budget = tf.resource("bootstrap", "aws_budgets_budget", "account");
    expect(budget.for_each).toContain("var.budget_amounts");
    expect(budget).toMatchObject({ budget_type: "COST", time_unit: "MONTHLY", limit_unit: "USD" });
  });

  it("lets GitHub Actions in only through OIDC, for the staging and production environments", () => {
    expect(tf.resource("bootstrap", "aws_iam_openid_connect_provider", "github").url).toBe("https://token.actions.githubusercontent.com");
    expect(tf.variableDefault("bootstrap", "github_environments")).toEqual(["staging", "production"]);
    const trust = tf.blocks("data", "aws_iam_policy_document").find((d) => d.dir === "bootstrap" && d.name === "terraform_assume");
    const conditions = nested(one(trust?.body, "statement"), "condition");
    expect(conditions.map((c) => c.variable)).toEqual(["token.actions.githubusercontent.com:aud", "token.actions.githubusercontent.com:sub"]);
    expect(str(conditions[1]?.values)).toContain(":environment:");
  });
});

describe("networking (section 8.1)", () => {
  it("spreads the VPC over three AZs with private subnets and NAT in public subnets", () => {
    const validation = one(tf.labelled("variable", "modules/networking").find((v) => v.name === "availability_zones")?.body, "validation");
    expect(validation.condition).toContain("length(var.availability_zones) == 3");
    for (const env of ENVIRONMENTS) expect(tf.tfvars(`environments/${env}`).availability_zones).toHaveLength(3);
    expect(tf.resource("modules/networking", "aws_subnet", "private").count).toBe("${local.az_count}");
    expect(tf.resource("modules/networking", "aws_subnet", "public").count).toBe("${local.az_count}");
    expect(tf.resource("modules/networking", "aws_nat_gateway", "main").subnet_id).toContain("aws_subnet.public");
    expect(tf.resource("modules/networking", "aws_route", "private_nat").nat_gateway_id).toContain("aws_nat_gateway.main");
    expect(tf.tfvars("environments/production").single_nat_gateway).toBe(false);
  });

  it("opens 5432 and 6379 only from the Lambda security group", () => {
    const ingress = tf.blocks("resource", "aws_vpc_security_group_ingress_rule");
    const rules = ingress.map((r) => ({
      group: r.body.security_group_id,
      port: [r.body.from_port, r.body.to_port],
      source: r.body.referenced_security_group_id,
    }));
    expect(rules).toEqual([
      { group: "${aws_security_group.aurora.id}", port: [5432, 5432], source: "${aws_security_group.lambda.id}" },
      { group: "${aws_security_group.redis.id}", port: [6379, 6379], source: "${aws_security_group.lambda.id}" },
    ]);
  });

  it("has no 0.0.0.0/0 (or ::/0) ingress and no inline or legacy rules", () => {
    for (const rule of tf.blocks("resource", "aws_vpc_security_group_ingress_rule")) {
      expect(rule.body.cidr_ipv4, rule.name).toBeUndefined();
      expect(rule.body.cidr_ipv6, rule.name).toBeUndefined();
      expect(rule.body.prefix_list_id, rule.name).toBeUndefined();
    }
    expect(tf.blocks("resource", "aws_security_group_rule")).toEqual([]);
    for (const group of tf.blocks("resource", "aws_security_group")) {
      expect(group.body.ingress, group.name).toBeUndefined();
      expect(group.body.egress, group.name).toBeUndefined();
    }
    // The default security group is emptied.
    const fallback = tf.resource("modules/networking", "aws_default_security_group", "default");
    expect(fallback.ingress).toBeUndefined();
    expect(fallback.egress).toBeUndefined();
  });

  it("lets Lambda out on 443 only, plus PostgreSQL and Redis to their groups", () => {
    const egress = tf.blocks("resource", "aws_vpc_security_group_egress_rule").map((r) => ({
      group: r.body.security_group_id,
      port: r.body.from_port,
      to: r.body.cidr_ipv4 ?? r.body.referenced_security_group_id,
    }));
    expect(egress).toEqual([
      { group: "${aws_security_group.lambda.id}", port: 443, to: "0.0.0.0/0" },
      { group: "${aws_security_group.lambda.id}", port: 5432, to: "${aws_security_group.aurora.id}" },
      { group: "${aws_security_group.lambda.id}", port: 6379, to: "${aws_security_group.redis.id}" },
    ]);
  });
});

describe("compute", () => {
  const lambda = () => tf.resource("modules/compute", "aws_lambda_function", "function");

  it("makes one function per manifest entry, read from the manifest derived from app.arc", () => {
    const locals = nested(tf.files.get("modules/compute/lambda.tf"), "locals");
    expect(locals.map((l) => l.manifest)).toContain("${jsondecode(file(var.manifest_path))}");
    expect(lambda().for_each).toBe("${local.functions}");
    const root = nested(tf.files.get("main.tf"), "locals")[0];
    expect(root?.manifest_path).toBe("${path.module}/lambda-manifest.json");
  });

  it("takes runtime, memory and timeout from the manifest; traces with X-Ray; publishes versions", () => {
    const fn = lambda();
    expect(fn).toMatchObject({
      runtime: "${each.value.runtime}",
      memory_size: "${each.value.memory}",
      timeout: "${each.value.timeout}",
      handler: "${each.value.handler}",
      publish: true,
    });
    expect(one(fn, "tracing_config").mode).toBe("Active");
    expect(one(fn, "vpc_config").security_group_ids).toEqual(["${var.lambda_security_group_id}"]);
  });

  it("reads the zips from lambda_packages_dir, guarded so validation works without them", () => {
    const fn = lambda();
    expect(fn.filename).toBe("${local.zip_paths[each.key]}");
    expect(fn.source_code_hash).toBe("${fileexists(local.zip_paths[each.key]) ? filebase64sha256(local.zip_paths[each.key]) : null}");
    const lifecycle = one(fn, "lifecycle");
    expect(lifecycle.ignore_changes).toEqual(["${filename}", "${source_code_hash}"]);
    expect(one(lifecycle, "precondition").condition).toBe("${fileexists(local.zip_paths[each.key])}");
    expect(readFileSync(join(terraformDir, "modules/compute/lambda.tf"), "utf8")).toContain('"${var.lambda_packages_dir}/${name}.zip"');
  });

  it("has a `live` alias per function, moved by the deploy workflow (not Terraform)", () => {
    const alias = tf.resource("modules/compute", "aws_lambda_alias", "live");
    expect(alias).toMatchObject({ for_each: "${local.functions}", name: "live", function_version: "${aws_lambda_function.function[each.key].version}" });
    expect(one(alias, "lifecycle").ignore_changes).toEqual(["${function_version}"]);
    // API Gateway and EventBridge invoke the alias, never $LATEST.
    expect(tf.resource("modules/compute", "aws_apigatewayv2_integration", "function").integration_uri).toBe("${aws_lambda_alias.live[each.key].invoke_arn}");
    expect(tf.resource("modules/compute", "aws_cloudwatch_event_target", "schedule").arn).toBe("${aws_lambda_alias.live[each.key].arn}");
    expect(tf.resource("modules/compute", "aws_lambda_permission", "api").qualifier).toBe("${aws_lambda_alias.live[each.key].name}");
    expect(tf.resource("modules/compute", "aws_lambda_permission", "schedule").qualifier).toBe("${aws_lambda_alias.live[each.key].name}");
  });

  it("gives each function its own role", () => {
    expect(lambda().role).toBe("${aws_iam_role.function[each.key].arn}");
    expect(tf.resource("modules/compute", "aws_iam_role", "function").for_each).toBe("${local.functions}");
    expect(tf.resource("modules/compute", "aws_iam_role_policy", "function").policy).toBe("${data.aws_iam_policy_document.function[each.key].json}");
  });

  it("routes from the manifest and a rule per scheduled job", () => {
    expect(tf.resource("modules/compute", "aws_apigatewayv2_route", "route")).toMatchObject({ for_each: "${local.routes}", route_key: "${each.key}" });
    expect(tf.resource("modules/compute", "aws_apigatewayv2_api", "http").protocol_type).toBe("HTTP");
    expect(tf.resource("modules/compute", "aws_apigatewayv2_integration", "function")).toMatchObject({ integration_type: "AWS_PROXY", payload_format_version: "2.0" });
    expect(tf.resource("modules/compute", "aws_cloudwatch_event_rule", "schedule")).toMatchObject({
      for_each: "${local.scheduled_functions}",
      schedule_expression: "${each.value.schedule}",
    });
  });

  it("switches the public execute-api endpoint off once CloudFront reaches the API by a custom domain", () => {
    expect(tf.resource("modules/compute", "aws_apigatewayv2_api", "http").disable_execute_api_endpoint).toBe("${var.disable_execute_api_endpoint}");
    const root = readFileSync(join(terraformDir, "main.tf"), "utf8");
    expect(root).toMatch(/disable_execute_api_endpoint\s*=\s*var\.api_origin_domain_name != null/);
  });

  it("passes secrets as ARNs, never as values", () => {
    const text = readFileSync(join(terraformDir, "modules/compute/lambda.tf"), "utf8");
    for (const name of ["DATABASE_URL_SECRET_ARN", "SESSION_SECRET_ARN", "JWT_SIGNING_KEYS_ARN", "STRIPE_SECRET_ARN", "SENTRY_DSN_SECRET_ARN", "REDIS_AUTH_SECRET_ARN", "ORIGIN_VERIFY_SECRET_ARN"]) {
      expect(text).toContain(name);
    }
    const compute = tf.labelled("module", "").find((m) => m.name === "compute")?.body as Obj;
    // The plain environment comes from modules/app-environment (the same for every region).
    expect(compute.environment_variables).toBe("${module.app_environment.environment_variables}");
    const envText = readFileSync(join(terraformDir, "modules/app-environment/main.tf"), "utf8");
    const names = new Set([...envText.matchAll(/^\s+([A-Z][A-Z0-9_]+)\s+=/gm)].map((m) => m[1]));
    const secretNames = ["DATABASE_URL", "SESSION_SECRET", "JWT_SECRET", "JWT_SIGNING_KEYS", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "SENTRY_DSN", "ORIGIN_VERIFY_SECRET"];
    for (const name of secretNames) expect(names.has(name), name).toBe(false);
    for (const name of ["NODE_ENV", "LOG_LEVEL", "API_BASE_URL", "REDIS_URL", "JWT_ACCESS_EXPIRY", "JWT_REFRESH_EXPIRY", "STRIPE_PRICE_ID", "APP_REGION", "HISTORY_ARCHIVE_BUCKET"]) {
      expect(names.has(name), name).toBe(true);
    }
    expect(envText).toMatch(/REDIS_URL\s+= var\.redis_url/);
    expect(tf.labelled("module", "").find((m) => m.name === "app_environment")?.body.redis_url).toBe("${module.storage.redis_url}");
    expect(tf.tfvars("environments/production").log_level).toBe("warn");
  });
});

describe("storage (sections 3.2, 7.1, 8.3)", () => {
  const cluster = () => tf.resource("modules/storage", "aws_rds_cluster", "main");

  it("runs Aurora PostgreSQL 15.x Serverless v2 between 0.5 and 4 ACU", () => {
    expect(cluster()).toMatchObject({ engine: "aurora-postgresql", engine_mode: "provisioned", engine_version: "${var.aurora_engine_version}" });
    expect(String(tf.variableDefault("modules/storage", "aurora_engine_version"))).toMatch(/^15\.\d+$/);
    expect(tf.variableDefault("", "aurora_engine_version")).toBe(tf.variableDefault("modules/storage", "aurora_engine_version"));
    expect(one(cluster(), "serverlessv2_scaling_configuration")).toEqual({ min_capacity: 0.5, max_capacity: 4 });
    expect(tf.resource("modules/storage", "aws_rds_cluster_instance", "main")).toMatchObject({ instance_class: "db.serverless", publicly_accessible: false });
  });

  it("keeps 35 days of backups taken 03:00-04:00, encrypted, logs exported to CloudWatch", () => {
    expect(cluster()).toMatchObject({
      backup_retention_period: 35,
      preferred_backup_window: "03:00-04:00",
      storage_encrypted: true,
      enabled_cloudwatch_logs_exports: ["postgresql"],
    });
  });

  it("protects production: deletion protection and a final snapshot", () => {
    expect(cluster()).toMatchObject({
      deletion_protection: "${var.deletion_protection}",
      skip_final_snapshot: "${!var.final_snapshot}",
    });
    expect(tf.tfvars("environments/production")).toMatchObject({ deletion_protection: true, final_snapshot: true });
    expect(tf.tfvars("environments/staging")).toMatchObject({ deletion_protection: false, final_snapshot: false });
    const guard = one(one(cluster(), "lifecycle"), "precondition");
    expect(guard.condition).toBe('${var.environment != "production" || (var.deletion_protection && var.final_snapshot)}');
  });

  it("never puts the master password in plan or state, and rotates it every 90 days", () => {
    expect(cluster().master_password).toBeUndefined();
    expect(cluster().master_password_wo).toBe("${ephemeral.aws_secretsmanager_random_password.database.random_password}");
    expect(tf.variableDefault("modules/storage", "password_rotation_days")).toBe(90);
    const rotation = tf.resource("modules/storage", "aws_secretsmanager_secret_rotation", "database");
    expect(one(rotation, "rotation_rules").automatically_after_days).toBe("${var.password_rotation_days}");
    expect(rotation.secret_id).toBe('${aws_secretsmanager_secret.app["database"].id}');
  });

  it("keeps DATABASE_URL, SESSION_SECRET, JWT_SIGNING_KEYS, Stripe keys, SENTRY_DSN (and the Redis and origin secrets) in Secrets Manager", () => {
    const names = nested(tf.files.get("modules/storage/secrets.tf"), "locals").map((l) => l.secret_names).find(isObj);
    expect(Object.keys(names ?? {}).sort()).toEqual(["database", "database_master", "jwt_signing_keys", "origin_verify", "redis_auth", "sentry", "session", "stripe"]);
    for (const version of tf.blocks("resource", "aws_secretsmanager_secret_version")) {
      expect(version.body.secret_string, version.name).toBeUndefined();
      expect(version.body.secret_string_wo, version.name).toBeDefined();
    }
  });

  it("runs Redis with TLS, encryption at rest and an AUTH token", () => {
    const redis = tf.resource("modules/storage", "aws_elasticache_replication_group", "main");
    expect(redis).toMatchObject({ engine: "redis", transit_encryption_enabled: true, at_rest_encryption_enabled: true, port: 6379 });
    expect(redis.auth_token).toBe("${data.aws_secretsmanager_secret_version.redis_auth.secret_string}");
  });
});

describe("cdn", () => {
  const bucket = (name: string) => tf.labelled("module", "modules/cdn").find((m) => m.name === name)?.body as Obj;

  it("versions the assets bucket and moves only noncurrent versions to Glacier after 30 days", () => {
    const assets = bucket("assets_bucket");
    expect(assets.source).toBe("../secure-bucket");
    const rules = assets.lifecycle_rules as Obj[];
    expect(rules).toHaveLength(1);
    const rule = rules[0] as Obj;
    expect(rule.transition_days, "live assets must stay servable").toBeUndefined();
    expect(rule.expiration_days, "live assets must stay servable").toBeUndefined();
    expect(rule.noncurrent_transition_days).toBe("${var.assets_noncurrent_glacier_days}");
    expect(tf.variableDefault("modules/cdn", "assets_noncurrent_glacier_days")).toBe(30);
  });

  it("replicates the assets and the history archive (user data) to the DR region's buckets when dr/ provides them", () => {
    expect(bucket("assets_bucket").replication).toContain("var.replication_destination_bucket_arn == null ? null");
    expect(bucket("archive_bucket").replication).toContain("var.archive_replication_destination_bucket_arn == null ? null");
  });

  it("moves the history archive to Glacier Instant Retrieval (exports read archived months)", () => {
    expect((bucket("archive_bucket").lifecycle_rules as Obj[])[0]).toMatchObject({ transition_storage_class: "GLACIER_IR" });
  });

  it("serves /_static/* from S3 through origin access control and everything else from the API", () => {
    const cf = tf.resource("modules/cdn", "aws_cloudfront_distribution", "main");
    const origins = nested(cf, "origin");
    const assets = origins.find((o) => o.origin_id === "assets");
    const api = origins.find((o) => o.origin_id === "api");
    expect(assets?.origin_access_control_id).toBe("${aws_cloudfront_origin_access_control.assets.id}");
    expect(one(api, "custom_origin_config").origin_protocol_policy).toBe("https-only");
    expect(one(api, "custom_header")).toEqual({ name: "X-Origin-Verify", value: "${var.origin_verify_value}" });
    const fallback = one(cf, "default_cache_behavior");
    expect(fallback).toMatchObject({ target_origin_id: "api", compress: true, viewer_protocol_policy: "redirect-to-https" });
    // Viewer headers (CloudFront-Viewer-Address included) reach the app; Host does not.
    expect(fallback.origin_request_policy_id).toBe("${data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id}");
    expect(tf.blocks("data", "aws_cloudfront_origin_request_policy")[0]?.body.name).toBe("Managed-AllViewerExceptHostHeader");
    const statics = one(cf, "ordered_cache_behavior");
    // "assets", or the assets origin group when dr/ provides the DR bucket (see dr/terraform).
    expect(statics).toMatchObject({ path_pattern: "/_static/*", target_origin_id: "${local.assets_target_origin}", compress: true });
    expect(cf.web_acl_id).toBe("${aws_wafv2_web_acl.main.arn}");
    expect(tf.resource("modules/cdn", "aws_cloudfront_origin_access_control", "assets")).toMatchObject({ origin_access_control_origin_type: "s3", signing_behavior: "always" });
  });

  it("attaches a WAF web ACL with a rate-based rule and AWS managed rule groups", () => {
    const acl = tf.resource("modules/cdn", "aws_wafv2_web_acl", "main");
    expect(acl.scope).toBe("CLOUDFRONT");
    const statements = nested(acl, "rule").map((rule) => one(rule, "statement"));
    const rate = statements.flatMap((s) => nested(s, "rate_based_statement"));
    expect(rate).toHaveLength(1);
    expect(rate[0]).toMatchObject({ aggregate_key_type: "IP", limit: "${var.waf_rate_limit}" });
    const managed = statements.flatMap((s) => nested(s, "managed_rule_group_statement")).map((m) => `${str(m.vendor_name)}/${str(m.name)}`);
    expect(managed).toEqual(expect.arrayContaining(["AWS/AWSManagedRulesCommonRuleSet", "AWS/AWSManagedRulesKnownBadInputsRuleSet", "AWS/AWSManagedRulesAmazonIpReputationList"]));
  });
});

// Section 6.2: name → severity, threshold, period (s). "For N minutes" is one N-minute period.
const SPEC_ALARMS: Record<string, { severity: "critical" | "high" | "medium"; threshold: number; period: number; text: string }> = {
  api_5xx_rate: { severity: "critical", threshold: 5, period: 300, text: "API Gateway 5xx error rate > 5% for 5 minutes" },
  lambda_error_rate: { severity: "critical", threshold: 10, period: 300, text: "error rate > 10% for 5 minutes" },
  rds_cpu: { severity: "critical", threshold: 90, period: 600, text: "RDS CPU > 90% for 10 minutes" },
  rds_connections: { severity: "critical", threshold: 95, period: 300, text: "RDS connections > 95 (of 100 max) for 5 minutes" },
  api_latency_p99: { severity: "high", threshold: 2000, period: 600, text: "API Gateway latency p99 > 2 s for 10 minutes" },
  lambda_cold_start_rate: { severity: "high", threshold: 20, period: 600, text: "cold start rate > 20% for 10 minutes" },
  rds_storage: { severity: "high", threshold: 80, period: 300, text: "RDS storage > 80% full" },
  cloudfront_error_rate: { severity: "medium", threshold: 1, period: 900, text: "CloudFront error rate > 1% for 15 minutes" },
  payment_failure_rate: { severity: "medium", threshold: 10, period: 3600, text: "failed payment rate > 10% for 1 hour" },
  stripe_api_version_mismatch: { severity: "medium", threshold: 0, period: 300, text: "a Stripe webhook event arrived in another API version" },
};

describe("monitoring (sections 6 and 9)", () => {
  const alarms = () => tf.blocks("resource", "aws_cloudwatch_metric_alarm").filter((a) => a.dir === "modules/monitoring");

  it("defines every alarm of section 6.2, each sent to a severity's topic", () => {
    expect(alarms().map((a) => a.name)).toEqual(expect.arrayContaining(Object.keys(SPEC_ALARMS)));
    for (const alarm of alarms()) {
      const actions = alarm.body.alarm_actions as Json[];
      expect(actions, alarm.name).toHaveLength(1);
      expect(str(actions[0]), alarm.name).toMatch(/^\$\{local\.topic\["(critical|high|medium)"\]\}$/);
    }
  });

  it.each(Object.entries(SPEC_ALARMS))("%s: threshold, period, one evaluation, its severity's topic", (name, spec) => {
    const alarm = alarms().find((a) => a.name === name) as Block;
    const body = alarm.body;
    expect(body.threshold).toBe(spec.threshold);
    expect(body.comparison_operator).toBe("GreaterThanThreshold");
    expect(body.evaluation_periods).toBe(1);
    expect(body.datapoints_to_alarm).toBe(1);
    expect(body.alarm_actions).toEqual([`\${local.topic["${spec.severity}"]}`]);
    expect(body.ok_actions).toEqual([`\${local.topic["${spec.severity}"]}`]);
    expect(str(body.alarm_description)).toContain(`${spec.severity.toUpperCase()}: `);
    expect(str(body.alarm_description)).toContain(spec.text);
    const queries = nested(body, "metric_query");
    if (queries.length === 0) {
      expect(body.period).toBe(spec.period);
    } else {
      expect(body.period).toBeUndefined();
      const periods = queries.flatMap((q) => nested(q, "metric")).map((m) => m.period);
      expect(periods.length).toBeGreaterThan(0);
      expect(new Set(periods)).toEqual(new Set([spec.period]));
      expect(queries.filter((q) => q.return_data === true)).toHaveLength(1);
    }
  });

  it("watches every Lambda's error rate and every HTTP Lambda's cold starts", () => {
    expect(alarms().find((a) => a.name === "lambda_error_rate")?.body.for_each).toBe("${var.functions}");
    expect(alarms().find((a) => a.name === "lambda_cold_start_rate")?.body.for_each).toBe("${local.http_functions}");
    expect(alarms().find((a) => a.name === "api_latency_p99")?.body.extended_statistic).toBe("p99");
  });

  it("sends each severity to its own SNS topic with email subscriptions", () => {
    const topics = tf.resource("modules/monitoring", "aws_sns_topic", "alerts");
    expect(topics.for_each).toBe("${local.severities}");
    expect(readFileSync(join(terraformDir, "modules/monitoring/sns.tf"), "utf8")).toContain('toset(["critical", "high", "medium"])');
    expect(tf.resource("modules/monitoring", "aws_sns_topic_subscription", "email").protocol).toBe("email");
  });

  it("builds the two dashboards of section 6.1", () => {
    const overview = str(tf.resource("modules/monitoring", "aws_cloudwatch_dashboard", "overview").dashboard_body);
    for (const title of [
      "API Gateway requests per endpoint",
      "Lambda invocations per function",
      "Lambda errors per function",
      "Lambda duration p50 / p95 / p99",
      "RDS CPU utilization",
      "RDS database connections",
      "ElastiCache hit rate",
    ]) {
      expect(overview).toContain(title);
    }
    const business = str(tf.resource("modules/monitoring", "aws_cloudwatch_dashboard", "business").dashboard_body);
    for (const title of ["Daily active users", "New user registrations", "Premium subscriptions: new and canceled", "Calculations per day", "API response time p95"]) {
      expect(business).toContain(title);
    }
  });

  it("alerts on budgets of $100, $500 and $1000 and on cost anomalies over $50", () => {
    expect(tf.variableDefault("modules/monitoring", "budget_amounts")).toEqual([100, 500, 1000]);
    const budget = tf.resource("modules/monitoring", "aws_budgets_budget", "monthly");
    expect(budget).toMatchObject({ budget_type: "COST", time_unit: "MONTHLY" });
    expect(nested(budget, "notification").map((n) => n.notification_type).sort()).toEqual(["ACTUAL", "FORECASTED"]);
    expect(tf.variableDefault("modules/monitoring", "cost_anomaly_threshold")).toBe(50);
    expect(tf.resource("modules/monitoring", "aws_ce_anomaly_monitor", "environment").monitor_type).toBe("CUSTOM");
    const threshold = one(one(tf.resource("modules/monitoring", "aws_ce_anomaly_subscription", "environment"), "threshold_expression"), "dimension");
    expect(threshold).toMatchObject({ key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", match_options: ["GREATER_THAN_OR_EQUAL"] });
  });
});

describe("IAM least privilege (section 8.2)", () => {
  // Statements that may use Resource "*": AWS offers no narrower resource for these actions.
  const WILDCARD_RESOURCE_SIDS: Record<string, RegExp> = {
    VpcNetworkInterfaces: /^ec2:(Create|Describe|Delete)NetworkInterfaces?$|^ec2:(Assign|Unassign)PrivateIpAddresses$|^ec2:DescribeSubnets$/,
    XRayTraces: /^xray:Put(TraceSegments|TelemetryRecords)$/,
  };

  const statements = () =>
    tf.blocks("data", "aws_iam_policy_document").flatMap((doc) =>
      [...nested(doc.body, "statement"), ...dynamicContents(doc.body, "statement")].map((statement) => ({ doc, statement })),
    );

  it("writes every policy as an aws_iam_policy_document (so this test sees all of them)", () => {
    for (const kind of ["resource", "data"] as const) {
      for (const block of tf.blocks(kind)) {
        for (const key of ["policy", "assume_role_policy", "inline_policy"]) {
          const value = block.body[key];
          if (value === undefined) continue;
          expect(str(value), `${block.file} ${block.type}.${block.name}.${key}`).toMatch(/^\$\{data\.aws_iam_policy_document\.[a-z_]+(\[[^\]]+\])?\.json\}$/);
        }
      }
    }
    expect(statements().length).toBeGreaterThan(20);
  });

  it('allows no "*" action and no service-wide "service:*" action', () => {
    for (const { doc, statement } of statements()) {
      const effect = statement.effect ?? "Allow";
      expect(statement.not_actions, `${doc.file} ${doc.name}`).toBeUndefined();
      if (effect !== "Allow") continue;
      const actions = statement.actions;
      expect(Array.isArray(actions), `${doc.file} ${doc.name} ${str(statement.sid)}: literal actions`).toBe(true);
      for (const action of actions as Json[]) {
        expect(action, `${doc.file} ${doc.name} ${str(statement.sid)}`).not.toBe("*");
        expect(str(action), `${doc.file} ${doc.name} ${str(statement.sid)}`).not.toMatch(/:\*$/);
      }
    }
  });

  it('allows Resource "*" only for the Lambda ENI statement (and X-Ray, which has no resource-level permissions)', () => {
    for (const { doc, statement } of statements()) {
      if ((statement.effect ?? "Allow") !== "Allow") continue;
      const resources = Array.isArray(statement.resources) ? statement.resources : [statement.resources];
      if (!resources.includes("*")) continue;
      const sid = str(statement.sid);
      const allowed = WILDCARD_RESOURCE_SIDS[sid];
      expect(allowed, `${doc.file} ${doc.name}: statement ${sid} uses Resource "*"`).toBeDefined();
      for (const action of statement.actions as Json[]) expect(str(action), `${sid}`).toMatch(allowed as RegExp);
      expect(resources).toEqual(["*"]);
    }
    const lambdaStatements = nested(tf.blocks("data", "aws_iam_policy_document").find((d) => d.dir === "modules/compute" && d.name === "function")?.body, "statement");
    expect(lambdaStatements.find((s) => s.sid === "VpcNetworkInterfaces")?.resources).toEqual(["*"]);
  });

  it("scopes each Lambda's Secrets Manager access to the app's secrets for its kind", () => {
    const doc = tf.blocks("data", "aws_iam_policy_document").find((d) => d.dir === "modules/compute" && d.name === "function");
    const secrets = nested(doc?.body, "statement").find((s) => s.sid === "ReadOwnSecrets");
    expect(secrets?.actions).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
    expect(secrets?.resources).toBe("${concat([for key in local.function_secrets[each.key] : var.secret_arns[key]], var.region_role_secret_arn == null ? [] : [var.region_role_secret_arn])}");
  });

  it("attaches no AWS managed policy except AdministratorAccess to bootstrap's Terraform role", () => {
    const attachments = tf.blocks("resource", "aws_iam_role_policy_attachment").map((a) => `${a.dir}:${str(a.body.role)}:${str(a.body.policy_arn)}`);
    expect(attachments).toEqual(["bootstrap:${aws_iam_role.terraform.name}:arn:aws:iam::aws:policy/AdministratorAccess"]);
  });

  it("lets the deploy role in only from this repository's GitHub environment", () => {
    const trust = tf.blocks("data", "aws_iam_policy_document").find((d) => d.dir === "" && d.name === "deploy_assume");
    const sub = nested(one(trust?.body, "statement"), "condition").find((c) => c.variable === "token.actions.githubusercontent.com:sub");
    expect(sub?.values).toEqual(["repo:${var.github_repository}:environment:${var.environment}"]);
  });
});

describe("DR hooks (the DR region comes with dr/)", () => {
  it("exposes the replication destination, secret replicas and the cluster ARN", () => {
    expect(tf.variableDefault("", "assets_replication_destination_bucket_arn")).toBeNull();
    expect(tf.variableDefault("", "secret_replica_regions")).toEqual([]);
    const outputs = tf.labelled("output", "").map((o) => o.name);
    expect(outputs).toEqual(expect.arrayContaining(["aurora_cluster_arn", "assets_bucket_arn", "secret_arns", "distribution_id"]));
  });
});

// Configuration drift between the regions: both regions build their Lambdas,
// environment, alarms and network from the same modules, and this test renders what each region's
// module calls receive (resolving variables from tfvars and defaults, and the DR stack's
// local.primary.* from production's own outputs) and fails on any difference that is not on the
// explicit allow-list below (region names, endpoints, the region's own copies of buckets and
// secrets, the standby's jobs being off, the account-level cost controls living once).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadTerraform, nested, repoRoot, terraformDir, type Json, type Obj, type Terraform } from "../infra/hcl";

type Region = "primary" | "dr";

/** Arguments allowed to differ, per module call, and why. */
const ALLOWED: Record<string, Record<string, string>> = {
  networking: { name: "resource names", vpc_cidr: "non-overlapping address space", availability_zones: "the region's AZs" },
  app_environment: {
    region: "APP_REGION",
    redis_url: "the region's Redis endpoint",
    archive_bucket: "the region's copy of the archive",
    mail: "the region's own SES configuration set (same domain and sender)",
  },
  compute: {
    name: "resource names",
    secret_arns: "the region's replicas of the same secrets",
    archive_bucket_arn: "the region's copy of the archive",
    secrets_extension_layer_arn: "the extension layer is published per region",
    region_role_secret_arn: "the region's copy of the role secret",
    schedules_enabled: "the standby's jobs are off until it is the writer",
    lambda_packages_dir: "where the zips are found on the deploying machine",
    disable_execute_api_endpoint: "the standby is only ever reached by api_origin_domain_name; production switches its execute-api host off once that hook is set (second apply)",
  },
  monitoring: {
    name: "resource names",
    aurora_cluster_identifier: "the region's cluster",
    redis_replication_group_id: "the region's Redis",
    api_id: "the region's API",
    cost_controls: "budgets and anomaly monitors exist once per environment",
    budget_emails: "idem",
    distribution_id: "CloudFront is global: its alarm lives with the primary",
  },
};

let tf: Terraform;
let dr: Terraform;
const drDir = join(repoRoot, "dr", "terraform");

beforeAll(async () => {
  tf = await loadTerraform(terraformDir);
  dr = await loadTerraform(drDir);
});

const expr = (value: Json | undefined): string | undefined => (typeof value === "string" && /^\$\{.*\}$/s.test(value) ? value.slice(2, -1).trim() : undefined);

/** A value of production's stack: tfvars, else the production root's default, else terraform/'s default. */
function productionVar(name: string): Json {
  const tfvars = tf.tfvars("environments/production");
  if (name in tfvars) return tfvars[name] as Json;
  for (const dir of ["environments/production", ""]) {
    if (!tf.labelled("variable", dir).some((v) => v.name === name)) continue;
    const value = tf.variableDefault(dir, name);
    if (value !== undefined) return value;
  }
  throw new Error(`production has no value for var.${name}`);
}

function drVar(name: string): Json {
  const tfvars = (dr.files.get("terraform.tfvars") ?? {}) as Obj;
  if (name in tfvars) return tfvars[name] as Json;
  if (dr.labelled("variable", "").some((v) => v.name === name)) {
    const value = dr.variableDefault("", name);
    if (value !== undefined) return value;
  }
  return `<dr/terraform: var.${name} has no value>`;
}

function productionLocal(name: string): Obj {
  const local = nested(tf.files.get("main.tf"), "locals").find((l) => name in l)?.[name];
  if (!local || typeof local !== "object" || Array.isArray(local)) throw new Error(`terraform/main.tf has no local.${name}`);
  return local as Obj;
}

/** Renders one argument of a region's module call to a comparable value. */
function render(region: Region, value: Json): Json {
  if (Array.isArray(value)) return value.map((v) => render(region, v));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(region, v)]));
  const e = expr(value);
  if (e === undefined) {
    // A template: render the variables inside it.
    if (typeof value === "string" && value.includes("${")) return value.replace(/\$\{var\.([a-z_]+)\}/g, (_, name: string) => String(region === "primary" ? productionVar(name) : drVar(name)));
    return value;
  }
  let m: RegExpMatchArray | null;
  if ((m = /^var\.([a-z_]+)$/.exec(e))) return region === "primary" ? productionVar(m[1] as string) : drVar(m[1] as string);
  if ((m = /^var\.([a-z_]+) != null$/.exec(e))) return (region === "primary" ? productionVar(m[1] as string) : drVar(m[1] as string)) != null;
  // The DR stack reads production's outputs; those outputs are these locals of terraform/main.tf.
  if ((m = /^local\.primary\.(app_settings|regional_settings)(?:\.([a-z_]+))?$/.exec(e)) && region === "dr") {
    const settings = render("primary", productionLocal(m[1] as string)) as Obj;
    return m[2] ? (settings[m[2]] as Json) : settings;
  }
  if ((m = /^local\.(app_settings|regional_settings)$/.exec(e)) && region === "primary") return render("primary", productionLocal(m[1] as string));
  if (e === "local.app_url" || e === "local.primary.app_url") return "<the public app URL>";
  if (e === "local.manifest.app") return "<app.arc's app name>";
  if (e === "local.manifest_path") return resolve(region === "primary" ? terraformDir : drDir, region === "primary" ? "lambda-manifest.json" : "../../terraform/lambda-manifest.json");
  if (e === "aws_secretsmanager_secret.region_role.name") return render("dr", dr.resource("", "aws_secretsmanager_secret", "region_role").name as Json);
  if ((m = /^module\.networking\.([a-z_]+)$/.exec(e))) return `<this region's networking module: ${m[1]}>`;
  if ((m = /^module\.compute\.([a-z_]+)$/.exec(e))) return `<this region's compute module: ${m[1]}>`;
  if (e === "module.app_environment.environment_variables") return "<modules/app-environment>";
  if (e.startsWith("{ for name, fn in module.compute.functions")) return "<every function of this region's compute module>";
  return `<${region}: ${e}>`;
}

function moduleCall(region: Region, name: string): Obj {
  const found = (region === "primary" ? tf.labelled("module", "") : dr.labelled("module", "")).find((m) => m.name === name);
  if (!found) throw new Error(`${region}: no module "${name}"`);
  return found.body;
}

/** Differences between the regions' calls of a module that are not on the allow-list. */
function drift(name: string, calls: Record<Region, Obj>): string[] {
  const problems: string[] = [];
  const source = (region: Region) => resolve(region === "primary" ? terraformDir : drDir, String(calls[region].source));
  if (source("primary") !== source("dr")) problems.push(`${name}: different modules (${source("primary")} vs ${source("dr")})`);
  const keys = new Set([...Object.keys(calls.primary), ...Object.keys(calls.dr)].filter((k) => k !== "source" && k !== "providers"));
  for (const key of keys) {
    if (ALLOWED[name]?.[key]) continue;
    const [a, b] = (["primary", "dr"] as const).map((r) => (key in calls[r] ? JSON.stringify(render(r, calls[r][key] as Json)) : "(not set)"));
    if (a !== b) problems.push(`${name}.${key}: primary ${a} / dr ${b}`);
  }
  return problems;
}

const MODULES = ["networking", "app_environment", "compute", "monitoring"];

describe("both regions from the same modules with the same inputs (drift)", () => {
  it("renders each region's module calls and finds no difference outside the allow-list", () => {
    const problems = MODULES.flatMap((name) => drift(name, { primary: moduleCall("primary", name), dr: moduleCall("dr", name) }));
    expect(problems).toEqual([]);
  });

  it("renders each region's function settings: the same env names, runtime, memory, timeout, VPC and alarms", () => {
    const manifests = (["primary", "dr"] as const).map((r) => render(r, moduleCall(r, "compute").manifest_path as Json));
    expect(manifests[0]).toBe(manifests[1]);
    const manifest = JSON.parse(readFileSync(String(manifests[0]), "utf8")) as { functions: Record<string, { runtime: string; memory: number; timeout: number }> };
    const envText = readFileSync(join(terraformDir, "modules/app-environment/main.tf"), "utf8");
    const output = envText.slice(envText.indexOf('output "environment_variables"'));
    const names = [...new Set([...output.matchAll(/\b([A-Z][A-Z0-9_]+)\s+=/g)].map((m) => m[1] as string))].sort();
    const settings = (region: Region) => {
      const env = moduleCall(region, "app_environment");
      const roleSet = render(region, env.region_role_secret_id as Json) !== null;
      return {
        envNames: names.filter((n) => n !== "DR_ROLE_SECRET_ID" || roleSet),
        settings: render(region, env.settings as Json),
        functions: Object.fromEntries(Object.entries(manifest.functions).map(([fn, f]) => [fn, `${f.runtime} ${f.memory} MB ${f.timeout} s`])),
        vpc: render(region, moduleCall(region, "compute").subnet_ids as Json),
        alarms: render(region, moduleCall(region, "monitoring").alert_emails as Json),
      };
    };
    const [primary, standby] = [settings("primary"), settings("dr")];
    console.log(`rendered function settings (both regions):\n${JSON.stringify(primary, null, 1).slice(0, 1500)}`);
    expect(standby).toEqual(primary);
    // What a failover needs most: the Stripe price, APP_ENV, APP_ORIGIN, the role.
    for (const name of ["STRIPE_PRICE_ID", "APP_ENV", "APP_ORIGIN", "APP_REGION", "DR_ROLE_SECRET_ID"]) expect(standby.envNames, name).toContain(name);
    expect((standby.settings as Obj).stripe_price_id).toBe((primary.settings as Obj).stripe_price_id);
  });

  it("catches drift: a standby whose compute gets another memory-relevant input, or lacks an input, fails", () => {
    const primary = moduleCall("primary", "compute");
    const standby = { ...moduleCall("dr", "compute") };
    delete standby.migration_reserved_concurrency;
    expect(drift("compute", { primary, dr: standby })).toEqual([expect.stringMatching(/^compute\.migration_reserved_concurrency: primary .* \/ dr \(not set\)/)]);
    const env = { ...moduleCall("dr", "app_environment"), settings: "${var.log_level}" };
    expect(drift("app_environment", { primary: moduleCall("primary", "app_environment"), dr: env }).length).toBeGreaterThan(0);
  });
});

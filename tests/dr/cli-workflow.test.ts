// The DR command line (exit codes, refusals before any change) and deploy.yml's second region.
import { execFile, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../infra/hcl";
import { freePort } from "../../dr/drill/drill-harness";

const run = promisify(execFile);
const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
const dir = mkdtempSync(join(tmpdir(), "dr-cli-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ["dr/scripts/cli.ts", ...args], { cwd: repoRoot, timeout: 30_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const { code, stdout = "", stderr = "" } = error as { code?: number; stdout?: string; stderr?: string };
    return { code: code ?? -1, out: stdout + stderr };
  }
}

describe("dr/scripts/cli.ts", () => {
  it("refuses (exit 2) when the target is not ready, after printing the measured lag, before changing anything", async () => {
    // Nothing listens on these ports: both "clusters" are unreachable, so the target is not ready either.
    const [a, b] = [await freePort(), await freePort()];
    const config = join(dir, "local.json");
    writeFileSync(
      config,
      JSON.stringify({
        globalId: "test",
        frontUrl: "http://127.0.0.1:9",
        globalWriterEndpoint: { host: "127.0.0.1", port: a },
        lagFile: join(dir, "lag.json"),
        regions: Object.fromEntries(
          (["us-east-1", "eu-west-1"] as const).map((region, i) => {
            const port = i ? b : a;
            const f = (name: string) => join(dir, `${region}-${name}`);
            return [region, { database: { host: "127.0.0.1", port, user: "postgres", database: "calcapp" }, redisPort: port, secretFile: f("secret.json"), roleFile: f("role.json"), healthUrl: `http://127.0.0.1:${port}/health`, downFile: f("down"), fenceFile: f("fenced") }];
          }),
        ),
      }),
    );
    writeFileSync(join(dir, "lag.json"), JSON.stringify({ lagMs: 420 }));
    const result = await cli(["failover", "--to", "eu-west-1", "--unplanned", "--backend", "local", "--local-config", config, "--journal", join(dir, "j.json")]);
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/REFUSAL: target not ready: .* is "unreachable"/);
    expect(result.out).toContain("measured replication lag of eu-west-1: 420 ms");
  }, 40_000);

  it("explains usage and rejects unknown options (exit 1)", async () => {
    expect((await cli(["--help"])).out).toContain("failover      --to <region>");
    const bad = await cli(["rollback", "--region", "x"]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("unknown option --region");
  }, 40_000);

  it("has the npm scripts the runbook names, and npm test runs the drills last", () => {
    const scripts = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    for (const name of ["dr:failover", "dr:failback", "dr:restore-pitr", "dr:rollback", "dr:drill", "dr:restore-drill", "test:dr"]) expect(scripts[name], name).toBeDefined();
    expect(scripts.test).toMatch(/&& npm run test:dr$/);
    const runbook = readFileSync(join(repoRoot, "dr", "RUNBOOK.md"), "utf8");
    for (const name of ["dr:failover", "dr:failback", "dr:restore-pitr", "dr:rollback", "dr:drill", "dr:restore-drill"]) expect(runbook, name).toContain(`npm run ${name}`);
  });
});

describe("deploy.yml: production deploys both regions", () => {
  const deploy = readFileSync(join(repoRoot, ".github", "workflows", "deploy.yml"), "utf8");
  const at = (needle: string) => {
    const index = deploy.indexOf(needle);
    expect(index, needle).toBeGreaterThanOrEqual(0);
    return index;
  };

  it("applies dr/terraform, publishes and switches eu-west-1 after us-east-1, checks it, and rolls it back on failure", () => {
    const order = [
      at("terraform -chdir=dr/terraform apply"),
      at("Record the DR region's live versions"),
      at("Move the live aliases to the new versions"),
      at("DR region - publish the new versions and move the live aliases"),
      at("DR region answers"),
      at("Roll back the DR region"),
    ];
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(deploy).toContain("DR_REGION: eu-west-1");
    const drSteps = deploy.slice(at("DR region - publish"), at("DR region answers"));
    expect(drSteps).toContain('aws lambda publish-version --region "$DR_REGION"');
    expect(drSteps).toContain('aws lambda update-alias --region "$DR_REGION"');
    expect(drSteps).not.toContain("aws lambda invoke"); // no migrations in the DR region
    // The standby's /health fails by design (not the writer): the deploy checks the deep /v1/health.
    const answers = deploy.slice(at("DR region answers"), at("DR region answers") + 900);
    expect(answers).toContain('"$api/v1/health"');
    expect(answers).not.toMatch(/curl -f[^\n]*"\$api\/health"/);
    for (const step of ["terraform apply (DR region)", "Record the DR region's live versions", "DR region - publish"]) {
      expect(deploy.slice(at(step), at(step) + 200)).toContain("if: env.DEPLOY_ENV == 'production'");
    }
    expect(deploy.slice(at("Roll back the DR region"))).toContain("if: failure() && steps.previous_dr.outcome == 'success'");
  });
});

describe("dr/config/production.example.json", () => {
  it("parses with the AWS backend's schema and lists every Lambda of the manifest in both regions (the scheduled jobs and the migration included)", async () => {
    const { awsConfigSchema } = await import("../../dr/scripts/lib/aws-backend");
    const config = awsConfigSchema.parse(JSON.parse(readFileSync(join(repoRoot, "dr", "config", "production.example.json"), "utf8")));
    const manifest = JSON.parse(readFileSync(join(repoRoot, "terraform", "lambda-manifest.json"), "utf8")) as { functions: Record<string, { schedule?: unknown }> };
    const names = Object.keys(manifest.functions).sort();
    expect(names).toHaveLength(9);
    const scheduled = names.filter((name) => manifest.functions[name]?.schedule);
    expect(config.regions["us-east-1"]?.scheduleRules?.map((r) => r.replace("calcapp-production-", "")).sort()).toEqual(scheduled);
    expect(config.regions["eu-west-1"]?.scheduleRules?.map((r) => r.replace("calcapp-production-dr-", "")).sort()).toEqual(scheduled);
    expect(config.regions["us-east-1"]?.functions.map((f) => f.replace("calcapp-production-", "")).sort()).toEqual(names);
    expect(config.regions["eu-west-1"]?.functions.map((f) => f.replace("calcapp-production-dr-", "")).sort()).toEqual(names);
    expect(config.regions["eu-west-1"]?.databaseSecretId).toBe(config.regions["us-east-1"]?.databaseSecretId); // one replicated secret
  });
});

describe("deploy.yml: deploy freeze while another region is the writer", () => {
  const deploy = readFileSync(join(repoRoot, ".github", "workflows", "deploy.yml"), "utf8");
  const step = "Refuse while the target region is not the writer";
  const script = () => {
    const start = deploy.indexOf(`- name: ${step}`);
    const body = deploy.slice(deploy.indexOf("run: |", start) + "run: |".length, deploy.indexOf("\n\n", start));
    return body
      .split("\n")
      .map((line) => line.replace(/^ {10}/, ""))
      .join("\n");
  };

  it("runs before terraform apply and before any migration, in production only", () => {
    const at = deploy.indexOf(`- name: ${step}`);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(deploy.indexOf("- name: terraform apply"));
    expect(at).toBeLessThan(deploy.indexOf("- name: Run migrations"));
    expect(deploy.slice(at, at + 200)).toContain("if: env.DEPLOY_ENV == 'production'");
  });

  it("passes when us-east-1 is the writer, refuses when eu-west-1 is (asking the DR region)", () => {
    const bin = mkdtempSync(join(tmpdir(), "calcapp-freeze-"));
    const run = (writer: string, role: string) => {
      writeFileSync(
        join(bin, "aws"),
        `#!/bin/sh\ncase "$*" in *"--region eu-west-1"*) ;; *) echo "asked $*" >&2; exit 9;; esac\ncase "$1" in rds) echo "arn:aws:rds:${writer}:123456789012:cluster:calcapp";; secretsmanager) echo '{"writer":"${role}","epoch":2}';; esac\n`,
      );
      chmodSync(join(bin, "aws"), 0o755);
      return spawnSync("bash", ["-e", "-c", script()], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, AWS_REGION: "us-east-1", DR_REGION: "eu-west-1" }, encoding: "utf8" });
    };
    expect(run("us-east-1", "us-east-1").status).toBe(0);
    const frozen = run("eu-west-1", "eu-west-1");
    expect(frozen.status).toBe(1);
    expect(frozen.stdout).toContain("deploys are frozen until the failback");
    expect(run("us-east-1", "eu-west-1").status).toBe(1); // fenced by the role even if the database moved back first
  });
});

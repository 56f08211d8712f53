// The terraform CLI checks, offline: `terraform fmt -check`, then `init -backend=false` and
// `validate` for both environments and the bootstrap, and `terraform test` (plans against a mocked
// AWS provider) for the compute and monitoring modules. They need the terraform binary and the
// AWS provider in a local filesystem mirror (/opt/tf-plugins); without them they are skipped,
// saying so. The configuration is copied to a temporary directory first, so nothing (.terraform/,
// lock files) is written into the repository.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { terraformDir } from "./hcl";
import { createTerraformWorkspace, providerCompatNote, terraformAvailable, terraformSkipReason, type TerraformWorkspace } from "./terraform-workspace";

if (providerCompatNote) console.log(`NOTE: ${providerCompatNote}.`);
if (terraformSkipReason) {
  console.log(`SKIPPED: ${terraformSkipReason}: terraform fmt/init/validate/test checks not run. The structural HCL tests still ran.`);
}

const ROOTS = ["environments/staging", "environments/production", "bootstrap"];
const MODULE_TESTS = ["modules/compute", "modules/monitoring"];

let workspace: TerraformWorkspace;
let work = "";

const tf = (args: string[], cwd: string, dataDir: string) => workspace.tf(args, cwd, { TF_DATA_DIR: dataDir });

describe.skipIf(!terraformAvailable)("terraform CLI (offline, provider from the local mirror)", () => {
  beforeAll(() => {
    workspace = createTerraformWorkspace("calcapp-terraform-", [[terraformDir, "terraform"]]);
    work = workspace.dir;
  });

  afterAll(() => workspace?.remove());

  it("terraform fmt -check -recursive finds nothing to reformat", async () => {
    // Read-only: run against the repository itself.
    const { stdout } = await tf(["fmt", "-check", "-recursive", "-diff", "-no-color", terraformDir], terraformDir, join(work, "data-fmt"));
    expect(stdout).toBe("");
  }, 30_000);

  // Sequential on purpose: terraform's plugin cache is not safe for concurrent inits.
  it.each(ROOTS)("%s: init -backend=false and validate, with no warnings", async (root) => {
    const dir = join(work, "terraform", root);
    const data = join(work, `data-${root.replace(/\W/g, "-")}`);
    await tf(["init", "-backend=false", "-input=false", "-no-color"], dir, data);
    const { stdout } = await tf(["validate", "-json", "-no-color"], dir, data);
    const result = JSON.parse(stdout) as { valid: boolean; error_count: number; warning_count: number; diagnostics: Array<{ severity: string; summary: string; detail?: string }> };
    const problems = result.diagnostics.map((d) => `${d.severity}: ${d.summary} ${d.detail ?? ""}`);
    expect(problems).toEqual([]);
    expect(result.valid).toBe(true);
  }, 60_000);

  it.each(MODULE_TESTS)("%s: terraform test (offline plans against a mocked AWS provider)", async (module) => {
    const dir = join(work, "terraform", module);
    const data = join(work, `data-${module.replace(/\W/g, "-")}`);
    await tf(["init", "-backend=false", "-input=false", "-no-color"], dir, data);
    const { stdout } = await tf(["test", "-no-color"], dir, data);
    expect(stdout).toMatch(/Success! \d+ passed, 0 failed/);
  }, 60_000);

  it("wrote nothing into the repository", () => {
    expect(existsSync(join(terraformDir, ".terraform"))).toBe(false);
    for (const dir of [...ROOTS, ...MODULE_TESTS]) {
      expect(existsSync(join(terraformDir, dir, ".terraform")), dir).toBe(false);
      expect(existsSync(join(terraformDir, dir, ".terraform.lock.hcl")), dir).toBe(false);
    }
  });
});

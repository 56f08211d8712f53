// The terraform CLI checks, offline: `terraform fmt -check`, then `init -backend=false` and
// `validate` for both environments and the bootstrap, and `terraform test` (plans against a mocked
// AWS provider) for the compute and monitoring modules. They need the terraform binary and the
// AWS provider in a local filesystem mirror (/opt/tf-plugins); without them they are skipped,
// saying so. The configuration is copied to a temporary directory first, so nothing (.terraform/,
// lock files) is written into the repository.
import { execFile } from "node:child_process";
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { terraformDir } from "./hcl";

const run = promisify(execFile);

const PLUGIN_MIRROR = process.env.TF_PLUGIN_MIRROR ?? "/opt/tf-plugins";

function findTerraform(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "terraform");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

const terraform = findTerraform();
const hasMirror = existsSync(join(PLUGIN_MIRROR, "registry.terraform.io", "hashicorp", "aws"));
const available = Boolean(terraform && hasMirror);

if (!available) {
  const reason = !terraform ? "terraform not installed (no terraform on PATH)" : `terraform provider mirror missing (no hashicorp/aws under ${PLUGIN_MIRROR})`;
  console.log(`SKIPPED: ${reason}: terraform fmt/init/validate/test checks not run. The structural HCL tests still ran.`);
}

const ROOTS = ["environments/staging", "environments/production", "bootstrap"];
const MODULE_TESTS = ["modules/compute", "modules/monitoring"];

let work = "";
let env: NodeJS.ProcessEnv = process.env;

async function tf(args: string[], cwd: string, dataDir: string) {
  try {
    return await run(terraform as string, args, { cwd, env: { ...env, TF_DATA_DIR: dataDir }, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

describe.skipIf(!available)("terraform CLI (offline, provider from the local mirror)", () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "calcapp-terraform-"));
    cpSync(terraformDir, join(work, "terraform"), {
      recursive: true,
      // No working files a developer may have locally: .terraform/, lock files, state.
      filter: (source) => !/[\\/]\.terraform(\.lock\.hcl)?$/.test(source) && !source.endsWith(".tfstate"),
    });
    mkdirSync(join(work, "plugin-cache"));
    const cliConfig = join(work, "terraformrc");
    writeFileSync(
      cliConfig,
      `provider_installation {
  filesystem_mirror {
    path    = "${PLUGIN_MIRROR}"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
plugin_cache_dir = "${join(work, "plugin-cache")}"
`,
    );
    env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      NO_COLOR: "1",
    };
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

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

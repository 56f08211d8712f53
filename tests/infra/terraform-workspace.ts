// What the offline terraform CLI checks share (tests/infra for terraform/, tests/dr for
// dr/terraform): finding terraform and the AWS provider mirror, a temporary copy of the
// configuration (so nothing is written into the repository), a CLI config that installs the
// provider from the mirror only, and running terraform with its output in the error.
import { execFile } from "node:child_process";
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const PLUGIN_MIRROR = process.env.TF_PLUGIN_MIRROR ?? "/opt/tf-plugins";

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

export const terraform = findTerraform();
const mirrorDir = join(PLUGIN_MIRROR, "registry.terraform.io", "hashicorp", "aws");
const hasMirror = existsSync(mirrorDir);
export const terraformAvailable = Boolean(terraform && hasMirror);

/**
 * The configuration requires AWS provider ~> 6.20 (the first to accept the nodejs24.x runtime).
 * A mirror that only holds provider 5 (as on these offline machines) still checks everything
 * else: the temporary copy asks for the mirrored major and runs nodejs22.x, the newest runtime
 * provider 5 knows. CI's terraform job installs provider 6 from the registry and checks the
 * configuration as written.
 */
export const mirroredProviderMajor: number | null = hasMirror
  ? Math.max(...readdirSync(mirrorDir).map((version) => Number(version.split(".")[0])).filter(Number.isFinite))
  : null;
export const providerCompatNote =
  mirroredProviderMajor !== null && mirroredProviderMajor < 6
    ? `the local mirror holds AWS provider ${mirroredProviderMajor}: checked with "~> ${mirroredProviderMajor}.0" and nodejs22.x in place of "~> 6.20" and nodejs24.x (CI's terraform job checks the real ones)`
    : null;

function applyProviderCompat(dir: string): void {
  if (!providerCompatNote || mirroredProviderMajor === null) return;
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!/\.(tf|hcl|json)$/.test(file)) continue;
    const path = join(dir, file);
    const text = readFileSync(path, "utf8");
    const patched = text.replaceAll('"~> 6.20"', `"~> ${mirroredProviderMajor}.0"`).replaceAll("nodejs24.x", "nodejs22.x");
    if (patched !== text) writeFileSync(path, patched);
  }
}

/** Why the CLI checks are skipped, or null when they can run. */
export const terraformSkipReason: string | null = terraformAvailable
  ? null
  : !terraform
    ? "terraform not installed (no terraform on PATH)"
    : `terraform provider mirror missing (no hashicorp/aws under ${PLUGIN_MIRROR})`;

export type TerraformWorkspace = {
  /** The temporary directory holding the copies. */
  dir: string;
  /** Runs terraform in `cwd` (extra environment e.g. a TF_DATA_DIR); throws with its output. */
  tf(args: string[], cwd: string, extraEnv?: Record<string, string>): Promise<{ stdout: string; stderr: string }>;
  remove(): void;
};

/** Copies each [from, to-inside-the-workspace] without local working files, and writes the CLI config. */
export function createTerraformWorkspace(prefix: string, copies: Array<[string, string]>): TerraformWorkspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [from, to] of copies) {
    cpSync(from, join(dir, to), {
      recursive: true,
      // No working files a developer may have locally: .terraform/, lock files, state.
      filter: (source) => !/[\\/]\.terraform(\.lock\.hcl)?$/.test(source) && !source.endsWith(".tfstate"),
    });
  }
  applyProviderCompat(dir);
  mkdirSync(join(dir, "plugin-cache"));
  const cliConfig = join(dir, "terraformrc");
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
plugin_cache_dir = "${join(dir, "plugin-cache")}"
`,
  );
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1", NO_COLOR: "1" };
  return {
    dir,
    async tf(args, cwd, extraEnv = {}) {
      try {
        return await run(terraform as string, args, { cwd, env: { ...env, ...extraEnv }, maxBuffer: 16 * 1024 * 1024 });
      } catch (error) {
        const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
        throw new Error(`terraform ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`);
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

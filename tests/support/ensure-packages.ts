// Vitest global setup for the integration tests: they run the packaged Lambdas (`npm start`), so
// build and package first when any source is newer than the packages (a clean clone has none),
// then serve a snapshot of them, so a concurrent `npm run package` cannot change files under a
// running test server.
import { execSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { repoRoot } from "../../arc/app-map";

declare module "vitest" {
  export interface ProvidedContext {
    /** Snapshot of lambda-packages/ and build/client/ for `npm start` in tests. */
    packagesSnapshot: { packagesDir: string; staticDir: string };
  }
}

const sources = ["app", "arc", "app.arc", "vite.config.ts", "package-lock.json", "prisma/schema.prisma"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    // Sandbox's dev handlers (index.mjs) and symlinked node_modules are outputs, not sources.
    if (entry.name === "node_modules" || entry.name.endsWith(".mjs") || entry.name === "generated") continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

export default function setup(project: TestProject): () => void {
  const marker = join(repoRoot, "lambda-packages", "calculator", "index.mjs");
  const packaged = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const newest = Math.max(...sources.map((source) => newestMtime(join(repoRoot, source))));
  if (packaged <= newest) {
    console.log("[integration] sources changed since the last package: npm run build && npm run package");
    execSync("npm run build && npm run package", { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
  }
  const snapshot = mkdtempSync(join(tmpdir(), "calcapp-packages-"));
  const packagesDir = join(snapshot, "lambda-packages");
  const staticDir = join(snapshot, "client");
  cpSync(join(repoRoot, "lambda-packages"), packagesDir, { recursive: true, filter: (source) => !source.endsWith(".zip") });
  cpSync(join(repoRoot, "build", "client"), staticDir, { recursive: true });
  project.provide("packagesSnapshot", { packagesDir, staticDir });
  return () => rmSync(snapshot, { recursive: true, force: true });
}

// Where the runner finds its files: next to the bundle when deployed, in the repo in development.
//
// The Lambda package step puts prisma/migrations/ (as ./migrations) and schema_engine_bg.wasm
// (and, optionally, schema.prisma) next to the bundled index.mjs; `import.meta.url` is then the bundle's URL.
// Unbundled (tsx, vitest), `import.meta.url` is this file, inside the repo.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { MIGRATION_LOCK_FILE } from "./migration-list.server";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The nearest folder above this module holding prisma/schema.prisma, else the working directory. */
function repoRoot(): string {
  // Unbundled this module sits in app/lib/db/schema-engine; bundled for `arc sandbox` it is
  // arc/events/migrate/index.mjs. Both are inside the repo.
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "prisma", "schema.prisma"))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/** prisma/migrations, or ./migrations next to the bundle when it holds a migration_lock.toml. */
export function defaultMigrationsDir(): string {
  const bundled = path.join(here, "migrations");
  if (existsSync(path.join(bundled, MIGRATION_LOCK_FILE))) return bundled;
  return path.join(repoRoot(), "prisma", "migrations");
}

/** prisma/schema.prisma, or ./schema.prisma next to the bundle. */
export function defaultSchemaPath(): string {
  const bundled = path.join(here, "schema.prisma");
  if (existsSync(bundled)) return bundled;
  return path.join(repoRoot(), "prisma", "schema.prisma");
}

/** ./schema_engine_bg.wasm next to the bundle, else the one the installed prisma package ships. */
export function defaultWasmPath(): string {
  const bundled = path.join(here, "schema_engine_bg.wasm");
  if (existsSync(bundled)) return bundled;
  let prismaPackageJson: string;
  try {
    prismaPackageJson = createRequire(import.meta.url).resolve("prisma/package.json");
  } catch {
    throw new Error(
      `schema_engine_bg.wasm is neither next to ${here} nor in an installed prisma package: ` +
        "copy node_modules/prisma/build/schema_engine_bg.wasm next to the bundle or pass wasmPath",
    );
  }
  return path.join(path.dirname(prismaPackageJson), "build", "schema_engine_bg.wasm");
}

// `npm run package`: one zip per app.arc Lambda in lambda-packages/, each runnable with no
// node_modules (index.mjs exports `handler`). Needs `npm run build` first.
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { cp } from "node:fs/promises";
import { join, relative } from "node:path";
import { finished } from "node:stream/promises";
import yazl from "yazl";
import { readArcMap, repoRoot, type LambdaFunction } from "../app-map";
import { bundleLambda } from "./lambda-bundle";

export const packagesDir = join(repoRoot, "lambda-packages");

/**
 * Files a Lambda needs beside its bundle, e.g. the migration Lambda's SQL and WASM engine.
 * Paths are relative to the repo; each lands at the zip's top level under its basename.
 */
const extraFiles: Record<string, string[]> = {
  migrate: ["prisma/migrations", "node_modules/prisma/build/schema_engine_bg.wasm"],
};

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

async function zipDirectory(dir: string, zipPath: string): Promise<void> {
  const zip = new yazl.ZipFile();
  // A fixed mtime keeps the zip (and Terraform's source_code_hash) stable across identical builds.
  const mtime = new Date("2020-01-01T00:00:00Z");
  for (const file of listFiles(dir).sort()) {
    zip.addFile(file, relative(dir, file), { mtime, mode: 0o100644 });
  }
  zip.end();
  await finished(zip.outputStream.pipe(createWriteStream(zipPath)));
}

export type PackagedLambda = { name: string; zip: string; bytes: number; bundleBytes: number };

export async function packageLambda(fn: LambdaFunction): Promise<PackagedLambda> {
  const dir = join(packagesDir, fn.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await bundleLambda(fn, "package", join(dir, "index.mjs"));
  for (const extra of extraFiles[fn.name] ?? []) {
    const from = join(repoRoot, extra);
    if (!existsSync(from)) throw new Error(`Lambda "${fn.name}" needs ${extra}, which does not exist`);
    await cp(from, join(dir, extra.split("/").at(-1) as string), { recursive: true });
  }
  const zip = join(packagesDir, `${fn.name}.zip`);
  await zipDirectory(dir, zip);
  return { name: fn.name, zip, bytes: statSync(zip).size, bundleBytes: statSync(join(dir, "index.mjs")).size };
}

export async function packageAll(): Promise<PackagedLambda[]> {
  if (!existsSync(join(repoRoot, "build", "server"))) throw new Error("No build/server: run npm run build first");
  mkdirSync(packagesDir, { recursive: true });
  const results: PackagedLambda[] = [];
  for (const fn of readArcMap().functions) results.push(await packageLambda(fn));
  return results;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await packageAll();
  for (const r of results) {
    console.log(`${r.name.padEnd(12)} ${relative(repoRoot, r.zip).padEnd(32)} zip ${kb(r.bytes).padStart(10)}   index.mjs ${kb(r.bundleBytes).padStart(10)}`);
  }
}

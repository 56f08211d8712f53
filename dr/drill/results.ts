// Where the drills leave their figures (JSON), for RUNBOOK.md and CI logs: $DR_RESULTS_DIR, else
// the system temporary directory. Never inside the repository.
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function writeResult(name: string, result: Record<string, unknown>): string {
  const dir = process.env.DR_RESULTS_DIR ?? join(tmpdir(), "calcapp-dr-results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2)}\n`);
  console.log(`figures written to ${file}`);
  return file;
}

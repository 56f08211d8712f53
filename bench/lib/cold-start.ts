// Cold start of a Lambda handler: wall time of a fresh `node` that loads the handler and answers
// one event, minus a bare `node -e 0` measured in the same run. Variants are interleaved so that
// machine noise hits them alike.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchEnv } from "./env";
import { median } from "./stats";

const probe = join(import.meta.dirname, "..", "cold-start-probe.mjs");

export type ColdStartVariant = { label: string; handlerFile: string; eventJson: string };

function timeOnce(args: string[], env: Record<string, string | undefined>): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr.toString()}`);
  return elapsed;
}

export function measureColdStarts(variants: ColdStartVariant[], runs: number): { baselineMs: number; results: Map<string, number> } {
  // No DATABASE_URL etc.: a guest's page must not need them.
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, NODE_ENV: "production", HOME: process.env.HOME, ...benchEnv };
  const samples = new Map<string, number[]>(variants.map((v) => [v.label, []]));
  const baseline: number[] = [];
  timeOnce(["-e", "0"], env); // warm the file cache
  for (const v of variants) timeOnce([probe, pathToFileURL(v.handlerFile).href, v.eventJson], env);
  for (let i = 0; i < runs; i++) {
    baseline.push(timeOnce(["-e", "0"], env));
    for (const v of variants) samples.get(v.label)?.push(timeOnce([probe, pathToFileURL(v.handlerFile).href, v.eventJson], env));
  }
  const baselineMs = median(baseline);
  return { baselineMs, results: new Map([...samples].map(([label, s]) => [label, median(s) - baselineMs])) };
}

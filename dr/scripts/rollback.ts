// `npm run dr:rollback [-- --regions us-east-1,eu-west-1] [--dry-run]`
//
// A bad deploy: move every Lambda's `live` alias back to its previous version and give every
// asset the deploy overwrote its previous S3 version, in both regions, then invalidate CloudFront.
// "Previous" is the version before the live one (or --previous-versions, the deploy's
// previous-versions.json); assets changed since the live versions were published go back to the
// version they had before. The plan is written to a journal first, so a re-run after a crash
// finishes that same plan instead of rolling back one release further.
import { readFileSync } from "node:fs";
import type { DeployBackend } from "./lib/backend";
import { fmtSeconds, Journal, Progress, Refusal, type Clock, type StepTiming } from "./lib/runtime";

export type RollbackOptions = {
  regions: string[];
  dryRun: boolean;
  /** {function name or app.arc name: version}, as deploy.yml records them. */
  previousVersionsFile?: string;
  /** Assets modified at or after this time (ms) are restored; default: when the live versions were published. */
  since?: number;
  journalFile?: string;
  invalidationPaths: string[];
};

type RegionPlan = {
  functions: Array<{ name: string; from: string; to: string }>;
  assets: Array<{ key: string; versionId: string }>;
  assetsDone: string[];
};
type Plan = { createdAt: string; regions: Record<string, RegionPlan>; invalidated: boolean };

export type RollbackResult = { plan: Plan; totalMs: number; timings: StepTiming[] };

function previousVersion(versions: string[], live: string): string | undefined {
  const numeric = versions.filter((v) => /^\d+$/.test(v)).map(Number).sort((a, b) => a - b);
  const below = numeric.filter((v) => v < Number(live));
  return below.length ? String(below[below.length - 1]) : undefined;
}

async function planRegion(region: string, deploy: DeployBackend, options: RollbackOptions, recorded: Record<string, string> | undefined): Promise<RegionPlan> {
  const functions = await deploy.functions(region);
  const plan: RegionPlan = { functions: [], assets: [], assetsDone: [] };
  let deployedAt = Number.POSITIVE_INFINITY;
  for (const fn of functions) {
    const short = Object.keys(recorded ?? {}).find((key) => fn.name === key || fn.name.endsWith(`-${key}`));
    const to = short ? recorded?.[short] : previousVersion(fn.versions, fn.liveVersion);
    if (!to) throw new Refusal(`${region} ${fn.name}: no version before ${fn.liveVersion} to roll back to`);
    if (!fn.versions.includes(to)) throw new Refusal(`${region} ${fn.name}: version ${to} does not exist`);
    plan.functions.push({ name: fn.name, from: fn.liveVersion, to });
    deployedAt = Math.min(deployedAt, await deploy.versionPublishedAt(region, fn.name, fn.liveVersion));
  }
  const since = options.since ?? deployedAt;
  const byKey = new Map<string, Awaited<ReturnType<DeployBackend["assetVersions"]>>>();
  for (const version of await deploy.assetVersions(region)) byKey.set(version.key, [...(byKey.get(version.key) ?? []), version]);
  for (const [key, versions] of byKey) {
    const latest = versions.find((v) => v.isLatest);
    if (!latest || latest.lastModified < since) continue;
    const before = versions.filter((v) => v.lastModified < since).sort((a, b) => b.lastModified - a.lastModified)[0];
    if (before) plan.assets.push({ key, versionId: before.versionId });
  }
  return plan;
}

export async function runRollback(options: RollbackOptions, deploy: DeployBackend, clock: Clock, out?: (line: string) => void): Promise<RollbackResult> {
  const progress = new Progress(clock, out, options.dryRun);
  const journal = new Journal<Plan>(options.journalFile);
  let plan = journal.read();
  if (plan) {
    progress.log(`resuming the rollback planned at ${plan.createdAt} (journal ${options.journalFile})`);
  } else {
    const recorded = options.previousVersionsFile ? (JSON.parse(readFileSync(options.previousVersionsFile, "utf8")) as Record<string, string>) : undefined;
    plan = { createdAt: new Date(clock.now()).toISOString(), regions: {}, invalidated: false };
    for (const region of options.regions) plan.regions[region] = await planRegion(region, deploy, options, recorded);
  }
  for (const [region, regionPlan] of Object.entries(plan.regions)) {
    progress.log(`${options.dryRun ? "DRY RUN: " : ""}${region}: ${regionPlan.functions.length} aliases, ${regionPlan.assets.length} assets to restore`);
    for (const fn of regionPlan.functions) progress.log(`  ${fn.name}: live ${fn.from} -> ${fn.to}`);
    for (const asset of regionPlan.assets) progress.log(`  ${asset.key}: back to version ${asset.versionId}`);
  }
  if (!options.dryRun) journal.write(plan);
  const current = plan;

  for (const [region, regionPlan] of Object.entries(current.regions)) {
    for (const fn of regionPlan.functions) {
      await progress.step(
        `${region} ${fn.name}: live -> ${fn.to}`,
        () => deploy.moveAlias(region, fn.name, fn.to),
        async () => (await deploy.functions(region)).find((f) => f.name === fn.name)?.liveVersion === fn.to,
      );
    }
    for (const asset of regionPlan.assets) {
      await progress.step(
        `${region} restore ${asset.key}`,
        async () => {
          await deploy.restoreAsset(region, asset.key, asset.versionId);
          regionPlan.assetsDone.push(asset.key);
          journal.write(current);
        },
        async () => regionPlan.assetsDone.includes(asset.key),
      );
    }
  }
  await progress.step(
    `invalidate CloudFront ${options.invalidationPaths.join(" ")}`,
    async () => {
      await deploy.invalidate(options.invalidationPaths);
      current.invalidated = true;
      journal.write(current);
    },
    async () => current.invalidated,
  );

  if (!options.dryRun) {
    // Verification: every alias where the plan says.
    for (const [region, regionPlan] of Object.entries(current.regions)) {
      const live = new Map((await deploy.functions(region)).map((f) => [f.name, f.liveVersion]));
      const wrong = regionPlan.functions.filter((fn) => live.get(fn.name) !== fn.to);
      if (wrong.length) throw new Error(`${region}: aliases not rolled back: ${wrong.map((fn) => `${fn.name}=${live.get(fn.name)}`).join(", ")}`);
    }
    journal.clear();
    progress.log(`DONE: rolled back in ${fmtSeconds(progress.elapsed())}; verify with npm run smoke -- <app url>`);
  }
  return { plan: current, totalMs: progress.elapsed(), timings: progress.timings };
}

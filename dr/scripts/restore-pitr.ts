// `npm run dr:restore-pitr -- --cluster calcapp-production --time 2026-11-25T10:00:00Z [--dry-run]`
//
// Database corruption (a bad migration, a bad DELETE): restore the cluster to a point in time
// into a NEW cluster, give it a Serverless v2 instance, wait, verify its row counts, switch the
// app's database secret to it and move every Lambda onto it (a new version per function with the
// generation in its environment, so no container keeps a connection to the old cluster). The old
// cluster is kept, tagged for forensics. Each step checks whether it already happened: re-running
// with the same --time resumes.
import type { Endpoint, RestoreBackend } from "./lib/backend";
import { fmtSeconds, Progress, Refusal, waitFor, type Clock, type StepTiming } from "./lib/runtime";

export type RestoreOptions = {
  sourceCluster: string;
  /** ms since epoch, or "latest" (the latest restorable time). */
  time: number | "latest";
  targetCluster?: string;
  tables: string[];
  /** Minimum rows per table the restored cluster must have. */
  expectRows: Record<string, number>;
  dryRun: boolean;
  waitTimeoutMs: number;
  pollMs: number;
  /** How long after stopping writes before the switch: until every container has re-read the role (extension TTL + in-process cache). */
  fenceSettleMs: number;
};

export const FENCE_SETTLE_MS = 302_000;

export type RestoreResult = { targetCluster: string; restoreTime: number; counts: Record<string, number> | undefined; availableMs: number; totalMs: number; timings: StepTiming[] };

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 13).toLowerCase();

export async function runRestorePitr(options: RestoreOptions, backend: RestoreBackend, clock: Clock, out?: (line: string) => void): Promise<RestoreResult> {
  const progress = new Progress(clock, out, options.dryRun);
  const source = await backend.cluster(options.sourceCluster);
  if (!source) throw new Refusal(`no cluster ${options.sourceCluster} in this region`);
  const earliest = await backend.earliestRestorableTime(options.sourceCluster);
  const latest = await backend.latestRestorableTime(options.sourceCluster);
  const restoreTime = options.time === "latest" ? latest : options.time;
  if (restoreTime < earliest || restoreTime > latest) {
    throw new Refusal(`restore time ${new Date(restoreTime).toISOString()} is outside the restorable window ${new Date(earliest).toISOString()} .. ${new Date(latest).toISOString()}`);
  }
  const target = options.targetCluster ?? `${options.sourceCluster}-pitr-${stamp(restoreTime)}`;
  const instance = `${target}-1`;
  progress.log(`${options.dryRun ? "DRY RUN: " : ""}restore ${options.sourceCluster} as of ${new Date(restoreTime).toISOString()} into ${target}; the old cluster stays for forensics`);

  const start = clock.now();
  // Writes to the damaged cluster from now on would be lost at the switch: stop them first (the
  // region role names no writer: every Lambda answers writes with 503, reads keep working).
  await progress.step("stop writes: region role -> no writer (reads keep working; writes answer 503)", () => backend.stopWrites(`restore ${target}`), () => backend.writesStopped());
  const stoppedAt = clock.now();
  await progress.step(`RestoreDBClusterToPointInTime ${options.sourceCluster} -> ${target}`, () => backend.restoreToPointInTime(options.sourceCluster, target, restoreTime), async () => (await backend.cluster(target)) !== undefined);
  await progress.step(`CreateDBInstance ${instance} (db.serverless)`, () => backend.createInstance(target, instance), async () => Boolean((await backend.cluster(target))?.instances.some((i) => i.id === instance)));

  if (options.dryRun) {
    progress.log(`(dry run) would then wait for ${target}, verify row counts of ${options.tables.join(", ")} (inside the VPC), point the database secret at it, publish new Lambda versions, resume writes and tag ${options.sourceCluster} for forensics`);
    return { targetCluster: target, restoreTime, counts: undefined, availableMs: 0, totalMs: progress.elapsed(), timings: progress.timings };
  }

  const endpoint = (await progress.step(`wait until ${target} and ${instance} are available`, () =>
    waitFor(
      `${target} available`,
      async (): Promise<Endpoint | undefined> => {
        const c = await backend.cluster(target);
        return c && c.status === "available" && c.endpoint && c.instances.some((i) => i.id === instance && i.status === "available") ? c.endpoint : undefined;
      },
      { timeoutMs: options.waitTimeoutMs, intervalMs: options.pollMs, clock, progress },
    ),
  )) as Endpoint | undefined;
  const restoredEndpoint = endpoint ?? (await backend.cluster(target))?.endpoint;
  if (!restoredEndpoint) throw new Error(`${target} has no endpoint`);
  const availableMs = clock.now() - start;

  let counts: Record<string, number> = {};
  await progress.step("verify row counts of the restored cluster", async () => {
    counts = await backend.rowCounts(restoredEndpoint, options.tables);
    const current = source.endpoint ? await backend.rowCounts(source.endpoint, options.tables).catch(() => undefined) : undefined;
    for (const table of options.tables) progress.log(`  ${table}: ${counts[table]} rows restored${current ? ` (${current[table]} in the damaged cluster)` : ""}`);
    const short = Object.entries(options.expectRows).filter(([table, min]) => (counts[table] ?? 0) < min);
    if (short.length) throw new Refusal(`restored row counts below expectations: ${short.map(([t, min]) => `${t} ${counts[t] ?? 0} < ${min}`).join(", ")}; the app still uses ${options.sourceCluster} and writes stay stopped (resume them: dr/RUNBOOK.md)`);
  });

  const settle = stoppedAt + options.fenceSettleMs - clock.now();
  if (settle > 0 && !options.dryRun) {
    progress.log(`waiting ${fmtSeconds(settle)} more: every container must have re-read the role (no write may reach the damaged cluster after the switch)`);
    await clock.sleep(settle);
  }
  await progress.step(`point the app's DATABASE_URL secret at ${restoredEndpoint.host}`, () => backend.pointAppSecret(restoredEndpoint), async () => {
    const current = await backend.appSecretEndpoint();
    return current?.host === restoredEndpoint.host && current.port === restoredEndpoint.port;
  });
  await progress.step(
    "move every Lambda to the restored cluster (new version, live alias)",
    () => backend.moveFunctionsToGeneration(target, (name) => progress.log(`  ${name}: live on the restored cluster`)),
    async () => (await backend.functionsNotOnGeneration(target)).length === 0,
  );
  await progress.step("resume writes: region role -> the writer region again", () => backend.resumeWrites(), async () => !(await backend.writesStopped()));
  await progress.step(`tag ${options.sourceCluster} for forensics (kept, not deleted)`, () => backend.tagCluster(options.sourceCluster, { "calcapp:dr": "forensics", "calcapp:replaced-by": target }), async () => (await backend.cluster(options.sourceCluster))?.tags["calcapp:dr"] === "forensics");

  progress.log(`DONE: the app runs on ${target} (restored to ${new Date(restoreTime).toISOString()}), available after ${fmtSeconds(availableMs)}, total ${fmtSeconds(progress.elapsed())}.`);
  progress.log(`next: make ${target} the source of the global database again (dr/RUNBOOK.md, "After a restore")`);
  return { targetCluster: target, restoreTime, counts, availableMs, totalMs: progress.elapsed(), timings: progress.timings };
}

// `npm run dr:failback -- --to us-east-1 [--dry-run]`
//
// After a failover, brings the old primary region back as a secondary (rebuilding its cluster in
// the global database when the failover detached it, else waiting for Aurora to resynchronise it),
// then runs a planned switchover back (failover.ts, no data loss) with the same checks.
import type { AppBackend, DatabaseBackend } from "./lib/backend";
import { failoverDefaults, runFailover, type FailoverOptions, type FailoverResult } from "./failover";
import { Progress, Refusal, waitFor, type Clock } from "./lib/runtime";

export type FailbackOptions = Omit<FailoverOptions, "mode" | "allowDataLoss"> & { resyncTimeoutMs: number };

export const failbackDefaults = { ...failoverDefaults, resyncTimeoutMs: 3 * 60 * 60_000 };

export async function runFailback(options: FailbackOptions, db: DatabaseBackend, app: AppBackend, clock: Clock, out?: (line: string) => void): Promise<FailoverResult & { rebuildMs: number }> {
  const progress = new Progress(clock, out, options.dryRun);
  const state = await db.describeGlobal();
  const writer = state.members.find((m) => m.isWriter);
  progress.log(`${options.dryRun ? "DRY RUN: " : ""}failback to ${options.to}; writer now: ${writer ? `${writer.region} (${writer.clusterId})` : "none"}`);
  if (!writer) throw new Refusal("no writer in the global cluster: fail over first (npm run dr:failover)");
  if (writer.region === options.to && !state.switching) {
    progress.log(`${options.to} is already the writer: only the checks after a switch run`);
  }

  const member = state.members.find((m) => m.region === options.to);
  const ready = async () => {
    const now = await db.describeGlobal();
    const m = now.members.find((x) => x.region === options.to);
    return Boolean(m && m.status === "available" && (m.isWriter || m.sync === "connected"));
  };
  const start = clock.now();
  await progress.step(
    `rebuild ${options.to} as a secondary of the global cluster`,
    () => db.addSecondary(options.to),
    async () => member !== undefined,
  );
  if (!options.dryRun) {
    await progress.step(`wait until ${options.to} is in sync (available, replication connected)`, () =>
      waitFor(`${options.to} in sync`, ready, { timeoutMs: options.resyncTimeoutMs, intervalMs: options.pollMs, clock, progress }),
    );
  }
  const rebuildMs = clock.now() - start;

  const result = await runFailover({ ...options, mode: "planned", allowDataLoss: false }, db, app, clock, out);
  return { ...result, rebuildMs };
}

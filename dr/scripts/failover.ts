// `npm run dr:failover -- --to eu-west-1 [--unplanned --allow-data-loss] [--dry-run]`
//
// Moves the database writer, the sessions and the traffic to the DR region:
//   planned (default): SwitchoverGlobalCluster, both regions up, no data loss;
//   --unplanned: the primary region is down. FailoverGlobalCluster with AllowDataLoss: the
//     measured replication lag is printed first, and nothing happens without --allow-data-loss.
// Then: wait until the target is the writer, point the DR stack's DATABASE_URL secret at it,
// promote the sessions (Global Datastore), wait for Route 53 to see the region healthy and for
// /v1/health to answer from it, run the smoke test. Every step first checks whether its outcome
// already holds, so re-running after a crash resumes. See dr/RUNBOOK.md.
import type { AppBackend, DatabaseBackend, GlobalState, Member } from "./lib/backend";
import { fmtSeconds, Journal, Progress, Refusal, waitFor, type Clock, type StepTiming } from "./lib/runtime";

export type FailoverOptions = {
  to: string;
  mode: "planned" | "unplanned";
  allowDataLoss: boolean;
  dryRun: boolean;
  /** Refuse a planned switchover when the lag is above this (it would wait that long anyway). */
  maxPlannedLagMs: number;
  promoteTimeoutMs: number;
  healthTimeoutMs: number;
  servingTimeoutMs: number;
  pollMs: number;
  journalFile?: string;
};

export const failoverDefaults: Omit<FailoverOptions, "to" | "mode" | "allowDataLoss" | "dryRun"> = {
  maxPlannedLagMs: 60_000,
  promoteTimeoutMs: 10 * 60_000,
  healthTimeoutMs: 5 * 60_000,
  servingTimeoutMs: 5 * 60_000,
  pollMs: 5_000,
};

export type FailoverResult = {
  fromRegion: string | undefined;
  toRegion: string;
  mode: "planned" | "unplanned";
  lagMs: number | null;
  /** Request accepted → target is the writer. */
  promoteMs: number;
  totalMs: number;
  timings: StepTiming[];
  dryRun: boolean;
};

type JournalState = { to: string; mode: string; startedAt: string; lagMs: number | null; fromRegion?: string };

const describeMember = (m: Member) => `${m.region} ${m.clusterId}: ${m.isWriter ? "WRITER" : "reader"}, ${m.status}, replication ${m.sync}`;

export async function runFailover(options: FailoverOptions, db: DatabaseBackend, app: AppBackend, clock: Clock, out?: (line: string) => void): Promise<FailoverResult> {
  const progress = new Progress(clock, out, options.dryRun);
  const journal = new Journal<JournalState>(options.journalFile);
  const previous = journal.read();
  if (previous && previous.to === options.to) progress.log(`resuming the ${previous.mode} failover to ${previous.to} started at ${previous.startedAt}`);

  progress.log(`${options.dryRun ? "DRY RUN: " : ""}${options.mode} failover of the database, sessions and traffic to ${options.to} (${db.kind} backend)`);
  const state = await db.describeGlobal();
  progress.log(`global cluster ${state.id}: ${state.status}`);
  for (const member of state.members) progress.log(`  ${describeMember(member)}`);

  const target = state.members.find((m) => m.region === options.to);
  if (!target) {
    throw new Refusal(`wrong region: ${options.to} is not a member of ${state.id} (members: ${state.members.map((m) => m.region).join(", ")})`);
  }
  const writer = state.members.find((m) => m.isWriter);
  const fromRegion = previous?.to === options.to ? (previous.fromRegion ?? writer?.region) : writer?.region;
  const alreadyWriter = target.isWriter && !state.switching;
  const inProgress = state.switching?.to === options.to;

  const lagMs = alreadyWriter || inProgress ? (previous?.lagMs ?? null) : await db.replicationLagMs(options.to);
  progress.log(`measured replication lag of ${options.to}: ${lagMs === null ? "unknown (no recent measurement)" : `${lagMs} ms`}`);

  if (!alreadyWriter && !inProgress) {
    if (state.switching) throw new Refusal(`another switch is under way (to ${state.switching.to}, ${state.switching.status}): wait for it, then re-run`);
    if (target.status !== "available") throw new Refusal(`target not ready: ${target.clusterId} in ${target.region} is "${target.status}", not "available"`);
    if (options.mode === "planned") {
      if (!writer || writer.sync === "unreachable" || writer.status !== "available") {
        throw new Refusal(`the writer${writer ? ` in ${writer.region}` : ""} is not available: a planned switchover needs both regions. For a real outage run with --unplanned --allow-data-loss`);
      }
      if (target.sync !== "connected") throw new Refusal(`target not ready: replication to ${target.region} is "${target.sync}", not "connected"`);
      if (lagMs !== null && lagMs > options.maxPlannedLagMs) throw new Refusal(`replication lag ${lagMs} ms is above --max-lag-ms ${options.maxPlannedLagMs}: the switchover would stall; wait and retry`);
    } else if (!options.allowDataLoss) {
      throw new Refusal(
        `unplanned failover to ${options.to} may lose the writes not yet replicated: last measured lag ${lagMs === null ? "unknown" : `${lagMs} ms`}. Re-run with --allow-data-loss to accept that.`,
      );
    }
  }

  if (!options.dryRun) journal.write({ to: options.to, mode: options.mode, startedAt: previous?.to === options.to ? previous.startedAt : new Date(clock.now()).toISOString(), lagMs, fromRegion });

  const promoteStart = clock.now();
  await progress.step(
    options.mode === "planned" ? `SwitchoverGlobalCluster to ${options.to} (no data loss)` : `FailoverGlobalCluster to ${options.to} with AllowDataLoss`,
    () => (options.mode === "planned" ? db.switchover(options.to) : db.failover(options.to, { allowDataLoss: true })),
    async () => alreadyWriter || inProgress,
  );

  const isWriterNow = async () => {
    const now: GlobalState = await db.describeGlobal();
    const member = now.members.find((m) => m.region === options.to);
    return Boolean(member?.isWriter && member.status === "available" && !now.switching);
  };
  await progress.step(
    `wait until ${options.to} is the writer`,
    () => waitFor(`${options.to} is the writer`, isWriterNow, { timeoutMs: options.promoteTimeoutMs, intervalMs: options.pollMs, clock, progress }),
    async () => alreadyWriter,
  );
  const promoteMs = clock.now() - promoteStart;

  let endpointHost: string | undefined;
  await progress.step(
    `point ${options.to}'s DATABASE_URL secret at the new writer`,
    async () => {
      const endpoint = await db.writerEndpoint(options.to);
      await app.pointDatabaseSecret(options.to, endpoint);
      endpointHost = endpoint.host;
    },
    async () => {
      if (options.dryRun && !alreadyWriter) return false;
      const endpoint = await db.writerEndpoint(options.to);
      endpointHost = endpoint.host;
      const current = await app.databaseSecretEndpoint(options.to);
      return current?.host === endpoint.host && Number(current.port) === endpoint.port;
    },
  );

  await progress.step(
    `promote the sessions store in ${options.to} (Global Datastore)`,
    () => app.promoteSessions(options.to, { allowDataLoss: options.mode === "unplanned" }),
    async () => app.sessionsWritable(options.to),
  );

  await progress.step(
    `route traffic to ${options.to} (Route 53: the PRIMARY record's calculated health check pinned so DNS cannot move traffic on its own)`,
    () => app.routeTraffic(options.to),
    () => app.trafficRoutedTo(options.to),
  );

  await progress.step(`enable the scheduled jobs in ${options.to}`, () => app.setSchedules(options.to, true), () => app.schedulesEnabled(options.to));
  const others = state.members.map((m) => m.region).filter((r) => r !== options.to);
  for (const region of others) {
    try {
      await progress.step(`disable the scheduled jobs in ${region}`, () => app.setSchedules(region, false), async () => !(await app.schedulesEnabled(region)));
    } catch (error) {
      // The old region is down: its jobs cannot run against a database that is no longer the writer anyway.
      progress.log(`  ${region} did not answer (${(error as Error).message}): disable its jobs when it is back (failback does)`);
    }
  }

  if (options.dryRun) {
    progress.log(`(dry run) would then wait for Route 53 to see ${options.to} healthy, /v1/health to answer from ${options.to}, and run the smoke test`);
    return { fromRegion, toRegion: options.to, mode: options.mode, lagMs, promoteMs: 0, totalMs: progress.elapsed(), timings: progress.timings, dryRun: true };
  }

  await progress.step(`wait for the ${options.to} health check to be healthy`, () =>
    waitFor(`${options.to} healthy`, async () => (await app.regionHealth(options.to)) === "healthy", { timeoutMs: options.healthTimeoutMs, intervalMs: options.pollMs, clock, progress }),
  );
  await progress.step(`wait for /v1/health to answer from ${options.to}`, () =>
    waitFor(`traffic served by ${options.to}`, async () => (await app.servingRegion()) === options.to, { timeoutMs: options.servingTimeoutMs, intervalMs: options.pollMs, clock, progress }),
  );
  await progress.step("smoke test through the public URL", async () => {
    const smoke = await app.smoke();
    if (!smoke.ok) throw new Error(`smoke test failed: ${smoke.detail}`);
    progress.log(`  ${smoke.detail}`);
  });

  journal.clear();
  const totalMs = progress.elapsed();
  progress.log(`DONE: ${options.to} is the writer${endpointHost ? ` (${endpointHost})` : ""} and serves traffic. Promote took ${fmtSeconds(promoteMs)}, total ${fmtSeconds(totalMs)}.`);
  if (fromRegion && fromRegion !== options.to) progress.log(`next: when ${fromRegion} is back, fail back with npm run dr:failback -- --to ${fromRegion} (dr/RUNBOOK.md)`);
  return { fromRegion, toRegion: options.to, mode: options.mode, lagMs, promoteMs, totalMs, timings: progress.timings, dryRun: false };
}

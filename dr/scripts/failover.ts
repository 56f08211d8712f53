// `npm run dr:failover -- --to eu-west-1 [--unplanned --allow-data-loss] [--dry-run]`
//
// Moves the database writer, the sessions and the traffic to the DR region:
//   planned (default): SwitchoverGlobalCluster, both regions up, no data loss;
//   --unplanned: the primary region is down. FailoverGlobalCluster with AllowDataLoss: the
//     measured replication lag is printed first, and nothing happens without --allow-data-loss.
// Order (docs/decisions/012): fence first (the region role names the target as the writer, written
// in the target region only; the old region's Lambdas read it from their replica and refuse
// writes, and reserved concurrency 0 stops them when their region answers), then promote the
// database, check that the Lambdas reach it through the global writer endpoint (no secret is
// rewritten), promote the sessions, enable the jobs, and wait until the target's own /health
// passes, which it does only once its database is the writer: Route 53's failover records then
// move traffic by themselves (health checks are data plane; no Route 53 API call is made).
// Every step first checks whether its outcome already holds, so re-running after a crash
// resumes. See dr/RUNBOOK.md.
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

type JournalState = { to: string; mode: string; startedAt: string; lagMs: number | null; fromRegion?: string; epoch?: number };

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

  const currentRole = await app.regionRole(options.to).catch(() => undefined);
  const epoch = previous?.to === options.to && previous.epoch !== undefined ? previous.epoch : currentRole?.writer === options.to ? currentRole.epoch : (currentRole?.epoch ?? 0) + 1;
  if (!options.dryRun) journal.write({ to: options.to, mode: options.mode, startedAt: previous?.to === options.to ? previous.startedAt : new Date(clock.now()).toISOString(), lagMs, fromRegion, epoch });
  const others = state.members.map((m) => m.region).filter((r) => r !== options.to);

  // 1. Fence: from now on only the target may write. Written in the target region only.
  await progress.step(
    `fence: region role -> writer ${options.to}, epoch ${epoch} (written in ${options.to}; ${others.join(", ")} read it from their replica)`,
    () => app.setRegionRole(options.to, { writer: options.to, epoch }),
    async () => (await app.regionRole(options.to))?.writer === options.to,
  );
  const fenceOldRegions = async () => {
    for (const region of others) {
      try {
        await progress.step(`fence ${region}'s Lambdas (reserved concurrency 0)`, () => app.fenceFunctions(region), () => app.functionsFenced(region));
      } catch (error) {
        // The old region does not answer: its Lambdas refuse writes anyway once the role reaches them.
        progress.log(`  ${region} did not answer (${(error as Error).message}): re-run this command when it is back, or fence by hand (dr/RUNBOOK.md)`);
      }
      try {
        await progress.step(`disable the scheduled jobs in ${region}`, () => app.setSchedules(region, false), async () => !(await app.schedulesEnabled(region)));
      } catch (error) {
        progress.log(`  ${region} did not answer (${(error as Error).message}): its jobs are fenced by the region role; disable them when it is back`);
      }
    }
  };
  // Unplanned: stop the old region now. Planned: it keeps serving (reads) until traffic has moved.
  if (options.mode === "unplanned") await fenceOldRegions();

  // 2. The database.
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

  // 3. Credentials: one replicated secret whose host is the global writer endpoint. Nothing to rewrite; check it.
  let endpointHost: string | undefined;
  await progress.step(`check that ${options.to}'s Lambdas reach the writer through the global writer endpoint`, async () => {
    const global = await db.globalWriterEndpoint();
    const secret = await app.databaseSecretEndpoint(options.to);
    endpointHost = global?.host;
    if (!global || secret?.host !== global.host || (secret.port !== undefined && Number(secret.port) !== global.port)) {
      throw new Refusal(`${options.to}'s database secret points at ${secret?.host ?? "nothing"}, not the global writer endpoint ${global?.host ?? "(none)"}: fix the secret (dr/RUNBOOK.md, "credentials"), then re-run`);
    }
    progress.log(`  ${global.host} (Aurora moves it to the writer; the secret is replicated, rotated with alternating users)`);
  });

  // 4. Sessions, jobs, the target's own Lambdas.
  await progress.step(
    `promote the sessions store in ${options.to} (Global Datastore)`,
    () => app.promoteSessions(options.to, { allowDataLoss: options.mode === "unplanned" }),
    async () => app.sessionsWritable(options.to),
  );
  await progress.step(`make sure ${options.to}'s Lambdas are not fenced`, () => app.unfenceFunctions(options.to), async () => !(await app.functionsFenced(options.to)));
  await progress.step(`enable the scheduled jobs in ${options.to}`, () => app.setSchedules(options.to, true), () => app.schedulesEnabled(options.to));

  if (options.dryRun) {
    progress.log(`(dry run) would then wait for ${options.to}'s /health to pass (Route 53 moves traffic on its own), /v1/health to answer from ${options.to}${options.mode === "planned" ? `, fence ${others.join(", ")}` : ""}, and run the smoke test`);
    return { fromRegion, toRegion: options.to, mode: options.mode, lagMs, promoteMs: 0, totalMs: progress.elapsed(), timings: progress.timings, dryRun: true };
  }

  // 5. Traffic: Route 53's checkers see the target healthy now that it is the writer; wait for it.
  await progress.step(`wait for ${options.to}'s /health to pass (writer + region role: Route 53's failover record follows)`, () =>
    waitFor(`${options.to} healthy`, async () => (await app.regionHealth(options.to)) === "healthy", { timeoutMs: options.healthTimeoutMs, intervalMs: options.pollMs, clock, progress }),
  );
  await progress.step(`wait for /v1/health to answer from ${options.to}`, () =>
    waitFor(`traffic served by ${options.to}`, async () => (await app.servingRegion()) === options.to, { timeoutMs: options.servingTimeoutMs, intervalMs: options.pollMs, clock, progress }),
  );
  if (options.mode === "planned") await fenceOldRegions();
  await progress.step("smoke test through the public URL", async () => {
    const smoke = await app.smoke();
    if (!smoke.ok) throw new Error(`smoke test failed: ${smoke.detail}`);
    progress.log(`  ${smoke.detail}`);
  });

  journal.clear();
  const totalMs = progress.elapsed();
  progress.log(`DONE: ${options.to} is the writer${endpointHost ? ` (${endpointHost})` : ""} and serves traffic. Promote took ${fmtSeconds(promoteMs)}, total ${fmtSeconds(totalMs)}.`);
  if (fromRegion && fromRegion !== options.to) progress.log(`next: deploy freeze until failback; scale ${options.to} up (dr/RUNBOOK.md); when ${fromRegion} is back, npm run dr:failback -- --to ${fromRegion}`);
  return { fromRegion, toRegion: options.to, mode: options.mode, lagMs, promoteMs, totalMs, timings: progress.timings, dryRun: false };
}

// dr/scripts failover.ts and failback.ts against the stateful fake of AWS: outcomes (who is the
// writer, which region may write, what the public site answers, which sessions store writes,
// whether the old region is fenced), refusals, waits that time out, a re-run after a crash midway,
// credentials that survive a rotation, and no dependency on us-east-1 (no Route 53 API call).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runFailback, failbackDefaults } from "../../dr/scripts/failback";
import { failoverDefaults, runFailover, type FailoverOptions } from "../../dr/scripts/failover";
import { AwsBackend } from "../../dr/scripts/lib/aws-backend";
import { Refusal, WaitTimeout } from "../../dr/scripts/lib/runtime";
import { DB_SECRET, DR, DURATIONS, FakeAws, GLOBAL_ENDPOINT, PRIMARY, ROLE_SECRET, testConfig } from "./fake-aws";

let fake: FakeAws;
let backend: AwsBackend;
let lines: string[];
let dir: string;

const out = (line: string) => lines.push(line);

function options(overrides: Partial<FailoverOptions> = {}): FailoverOptions {
  return { ...failoverDefaults, to: DR, mode: "planned", allowDataLoss: false, dryRun: false, journalFile: join(dir, "failover.json"), ...overrides };
}

beforeEach(() => {
  fake = new FakeAws();
  backend = new AwsBackend(testConfig, {
    clock: fake.clock,
    probe: fake.probe,
    fetchJson: async () => ({ status: "ok", region: fake.servingRegion() }),
    smoke: async () => fake.smokeOk(),
    pollMs: 5_000,
  });
  lines = [];
  dir = mkdtempSync(join(tmpdir(), "dr-failover-test-"));
});

afterEach(() => {
  fake.restore();
  rmSync(dir, { recursive: true, force: true });
});

const drSecretHost = () => fake.secretHost(DR, DB_SECRET);
const snapshot = () => JSON.stringify({ members: fake.members, switching: fake.switching, secrets: [...fake.secrets], datastore: fake.datastore });

describe("failover: planned switchover", () => {
  it("moves the writer to eu-west-1 with no data loss, names it writer, promotes the sessions and fences us-east-1 once traffic moved", async () => {
    expect(fake.servingRegion()).toBe(PRIMARY);
    const result = await runFailover(options(), backend, backend, fake.clock, out);
    expect(fake.writer()?.region).toBe(DR);
    expect(fake.members.find((m) => m.region === PRIMARY)).toMatchObject({ isWriter: false, sync: "connected" });
    expect(fake.mutations).toContain("SwitchoverGlobalCluster");
    expect(fake.mutations).not.toContain("FailoverGlobalCluster");
    // No secret was rewritten: both regions reach the writer through the global writer endpoint.
    expect(fake.mutations.filter((m) => m === "PutSecretValue")).toHaveLength(1); // the region role only
    expect(drSecretHost()).toBe(GLOBAL_ENDPOINT);
    expect(fake.datastore.find((m) => m.region === DR)?.role).toBe("primary");
    // us-east-1 is up, yet traffic is on eu-west-1: its /health fails (not the writer, role says eu-west-1, fenced).
    expect(fake.roleSeenIn(PRIMARY)).toEqual(expect.objectContaining({ writer: DR, epoch: 2 }));
    expect(fake.fenced(PRIMARY)).toBe(true);
    expect(fake.servingRegion()).toBe(DR);
    expect(fake.route53Calls).toEqual([]);
    // The scheduled jobs run where the writer is, and only there.
    expect(fake.schedulesOn(DR)).toEqual([true, true]);
    expect(fake.schedulesOn(PRIMARY)).toEqual([false, false]);
    expect(result).toMatchObject({ toRegion: DR, fromRegion: PRIMARY, mode: "planned", lagMs: 850 });
    expect(result.promoteMs).toBeGreaterThanOrEqual(DURATIONS.switchover);
    expect(result.promoteMs).toBeLessThan(DURATIONS.switchover + 10_000);
    expect(lines.some((l) => /^\[\+\s*\d+\.\d s\] ok SwitchoverGlobalCluster/.test(l))).toBe(true);
    expect(lines.at(-2)).toMatch(/DONE: eu-west-1 is the writer/);
  });

  it("refuses a planned switchover when the primary region is down, pointing at --unplanned", async () => {
    fake.down.add(PRIMARY);
    await expect(runFailover(options(), backend, backend, fake.clock, out)).rejects.toThrow(/planned switchover needs both regions.*--unplanned --allow-data-loss/);
    expect(fake.writer()?.region).toBe(PRIMARY);
  });

  it("refuses when the target is not ready (cluster modifying, or replication not connected)", async () => {
    fake.clusters.get(`${DR}|calcapp-production-dr`)!.status = "modifying";
    await expect(runFailover(options(), backend, backend, fake.clock, out)).rejects.toThrow(/target not ready: .*"modifying"/);
    fake.clusters.get(`${DR}|calcapp-production-dr`)!.status = "available";
    fake.members[1]!.sync = "pending-resync";
    await expect(runFailover(options(), backend, backend, fake.clock, out)).rejects.toThrow(/target not ready: replication .*"pending-resync"/);
    expect(fake.mutations).toEqual([]);
  });

  it("refuses a planned switchover when the lag is above --max-lag-ms", async () => {
    fake.lagMs.set(DR, 120_000);
    await expect(runFailover(options({ maxPlannedLagMs: 60_000 }), backend, backend, fake.clock, out)).rejects.toBeInstanceOf(Refusal);
    expect(fake.mutations).toEqual([]);
  });

  it("refuses a region that is not a member of the global cluster", async () => {
    await expect(runFailover(options({ to: "ap-south-1" }), backend, backend, fake.clock, out)).rejects.toThrow(/wrong region: ap-south-1 is not a member/);
  });

  it("dry run prints the plan and changes nothing", async () => {
    const before = snapshot();
    const result = await runFailover(options({ dryRun: true }), backend, backend, fake.clock, out);
    expect(snapshot()).toBe(before);
    expect(fake.mutations).toEqual([]);
    expect(result.dryRun).toBe(true);
    expect(lines.filter((l) => l.includes("(dry run) would")).length).toBeGreaterThanOrEqual(4);
  });
});

describe("failover: unplanned (us-east-1 is down)", () => {
  beforeEach(() => {
    fake.down.add(PRIMARY);
    fake.lagMs.set(DR, 1_250);
  });

  it("reports the measured lag and refuses without --allow-data-loss", async () => {
    const error = await runFailover(options({ mode: "unplanned" }), backend, backend, fake.clock, out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Error).message).toMatch(/may lose .*1250 ms.*--allow-data-loss/);
    expect(lines.some((l) => l.includes("measured replication lag of eu-west-1: 1250 ms"))).toBe(true);
    expect(fake.mutations).toEqual([]);
    expect(fake.writer()?.region).toBe(PRIMARY);
  });

  it("fails over with --allow-data-loss needing nothing from us-east-1: no Route 53 call, role written in eu-west-1, traffic and smoke test on eu-west-1", async () => {
    const result = await runFailover(options({ mode: "unplanned", allowDataLoss: true }), backend, backend, fake.clock, out);
    expect(fake.writer()?.region).toBe(DR);
    expect(fake.mutations).toContain("FailoverGlobalCluster");
    expect(fake.route53Calls).toEqual([]);
    expect(fake.roleSeenIn(DR)).toEqual(expect.objectContaining({ writer: DR, epoch: 2 }));
    expect(drSecretHost()).toBe(GLOBAL_ENDPOINT);
    expect(fake.servingRegion()).toBe(DR);
    // The Global Datastore could not fail over without its primary: the DR group was detached.
    expect(fake.datastore.some((m) => m.region === DR)).toBe(false);
    expect(fake.smokeOk().ok).toBe(true);
    expect(fake.schedulesOn(DR)).toEqual([true, true]);
    expect(lines.some((l) => l.includes("us-east-1 did not answer") && l.includes("disable them when it is back"))).toBe(true);
    expect(lines.some((l) => l.includes("us-east-1 did not answer") && l.includes("re-run this command when it is back"))).toBe(true);
    expect(result).toMatchObject({ mode: "unplanned", lagMs: 1250 });
    expect(result.promoteMs).toBeGreaterThanOrEqual(DURATIONS.failover);
  });

  it("times out (and says what it waited for) when the promotion never completes", async () => {
    fake.stuck = true;
    const started = fake.now;
    const error = await runFailover(options({ mode: "unplanned", allowDataLoss: true, promoteTimeoutMs: 120_000 }), backend, backend, fake.clock, out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeout);
    expect((error as Error).message).toMatch(/timed out after 12\d\.\d s waiting for: eu-west-1 is the writer/);
    expect(fake.now - started).toBeGreaterThanOrEqual(120_000);
    expect(fake.now - started).toBeLessThan(130_000);
  });

  it("resumes after a crash midway: the re-run does not fail over twice and finishes the steps left", async () => {
    fake.failOnce.add("DisassociateGlobalReplicationGroup");
    await expect(runFailover(options({ mode: "unplanned", allowDataLoss: true }), backend, backend, fake.clock, out)).rejects.toThrow(/injected failure/);
    expect(fake.writer()?.region).toBe(DR);
    lines = [];
    const result = await runFailover(options({ mode: "unplanned", allowDataLoss: true }), backend, backend, fake.clock, out);
    expect(fake.mutations.filter((m) => m === "FailoverGlobalCluster")).toHaveLength(1);
    expect(lines[0]).toMatch(/resuming the unplanned failover to eu-west-1/);
    expect(lines.some((l) => l.includes("= FailoverGlobalCluster to eu-west-1 with AllowDataLoss: already done, skipped"))).toBe(true);
    expect(fake.roleSeenIn(DR)?.epoch).toBe(2); // the same epoch as the first run, from the journal
    expect(result.lagMs).toBe(1250); // the lag measured by the first run, from the journal
    expect(fake.smokeOk().ok).toBe(true);
  });

  it("reports a lag CloudWatch has no datapoint for as unknown, never as 0", async () => {
    fake.lagMs.set(DR, null);
    const error = await runFailover(options({ mode: "unplanned" }), backend, backend, fake.clock, out).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/last measured lag unknown/);
    expect(lines.some((l) => l.includes("measured replication lag of eu-west-1: unknown"))).toBe(true);
  });

  it("fences us-east-1 when it answers again: its Lambdas get reserved concurrency 0, its /health fails, the role replica names eu-west-1", async () => {
    await runFailover(options({ mode: "unplanned", allowDataLoss: true }), backend, backend, fake.clock, out);
    expect(fake.fenced(PRIMARY)).toBe(false); // it did not answer
    fake.down.delete(PRIMARY);
    fake.advance(1_000); // Secrets Manager replicates the role to us-east-1's replica
    expect(fake.roleSeenIn(PRIMARY)?.writer).toBe(DR);
    expect(fake.healthy(PRIMARY)).toBe(false);
    lines = [];
    await runFailover(options({ mode: "unplanned", allowDataLoss: true }), backend, backend, fake.clock, out);
    expect(fake.fenced(PRIMARY)).toBe(true);
    expect(fake.schedulesOn(PRIMARY)).toEqual([false, false]);
    expect(fake.mutations.filter((m) => m === "FailoverGlobalCluster")).toHaveLength(1);
  });

  it("the DR region keeps logging in after rotations (alternating users, one replicated secret) and after the failover", async () => {
    fake.down.delete(PRIMARY);
    fake.rotateDatabaseSecret();
    fake.rotateDatabaseSecret();
    expect(JSON.parse(fake.secrets.get(`${DR}|${DB_SECRET}`) as string)).toMatchObject({ username: "calcapp_app", host: GLOBAL_ENDPOINT });
    expect(fake.login(DR)).toBe(true);
    fake.down.add(PRIMARY); // then the region fails
    await runFailover(options({ mode: "unplanned", allowDataLoss: true }), backend, backend, fake.clock, out);
    expect(fake.login(DR)).toBe(true);
    expect(fake.servingRegion()).toBe(DR);
  });

  it("refuses to call it done when the region's database secret does not point at the global writer endpoint", async () => {
    fake.secrets.set(`${DR}|${DB_SECRET}`, JSON.stringify({ username: "calcapp_app", password: "pw-1", host: "calcapp-production-dr.cluster-abc.eu-west-1.rds.amazonaws.com" }));
    await expect(runFailover(options({ mode: "unplanned", allowDataLoss: true }), backend, backend, fake.clock, out)).rejects.toThrow(/not the global writer endpoint/);
  });

  it("writes the role in eu-west-1 even when its copy there is a replica (primary copy unreachable): the replica is promoted first", async () => {
    fake.secretPrimary.set(ROLE_SECRET, PRIMARY); // as if the role's primary copy were in the failed region
    await runFailover(options({ mode: "unplanned", allowDataLoss: true }), backend, backend, fake.clock, out);
    expect(fake.mutations).toContain("StopReplicationToReplica");
    expect(fake.roleSeenIn(DR)?.writer).toBe(DR);
  });
});

describe("failback", () => {
  it("waits for the old primary to resynchronise, then switches back with no data loss", async () => {
    fake.down.add(PRIMARY);
    await runFailover(options({ mode: "unplanned", allowDataLoss: true }), backend, backend, fake.clock, out);
    expect(fake.members.find((m) => m.region === PRIMARY)?.sync).toBe("pending-resync");
    fake.down.delete(PRIMARY); // the region is back
    // Sessions: the DR group was detached; rejoin is done by dr/terraform (apply) before failback.
    fake.datastore = [
      { group: "calcapp-production-dr", region: DR, role: "primary" },
      { group: "calcapp-production", region: PRIMARY, role: "secondary" },
    ];
    fake.advance(1_000);
    // Back up, but traffic stays on eu-west-1 until the failback: us-east-1's database is a reader and its role copy names eu-west-1.
    expect(fake.servingRegion()).toBe(DR);
    const result = await runFailback({ ...failbackDefaults, to: PRIMARY, dryRun: false, journalFile: join(dir, "failback.json") }, backend, backend, fake.clock, out);
    expect(fake.writer()?.region).toBe(PRIMARY);
    expect(fake.roleSeenIn(PRIMARY)?.writer).toBe(PRIMARY);
    expect(fake.fenced(PRIMARY)).toBe(false);
    expect(fake.fenced(DR)).toBe(true);
    expect(fake.concurrency.get(`${PRIMARY}|calcapp-production-migrate`)).toBe(1);
    expect(fake.schedulesOn(PRIMARY)).toEqual([true, true]);
    expect(fake.schedulesOn(DR)).toEqual([false, false]);
    expect(fake.servingRegion()).toBe(PRIMARY);
    expect(fake.mutations.filter((m) => m === "SwitchoverGlobalCluster")).toHaveLength(1);
    expect(fake.secretHost(PRIMARY, DB_SECRET)).toBe(GLOBAL_ENDPOINT);
    expect(fake.datastore.find((m) => m.region === PRIMARY)?.role).toBe("primary");
    expect(result.rebuildMs).toBeGreaterThanOrEqual(DURATIONS.resync - 10_000);
    expect(fake.smokeOk().ok).toBe(true);
  });

  it("rebuilds a detached old primary as a new secondary cluster before switching back", async () => {
    // Detach-and-promote happened: us-east-1's cluster is gone from the global cluster (and deleted).
    fake.members = [{ region: DR, id: "calcapp-production-dr", isWriter: true, sync: "connected" }];
    fake.clusters.delete(`${PRIMARY}|calcapp-production`);
    fake.instances.delete("calcapp-production-1");
    fake.datastore = [
      { group: "calcapp-production-dr", region: DR, role: "primary" },
      { group: "calcapp-production", region: PRIMARY, role: "secondary" },
    ];
    await runFailback({ ...failbackDefaults, to: PRIMARY, dryRun: false }, backend, backend, fake.clock, out);
    expect(fake.mutations.slice(0, 3)).toEqual(["CreateDBCluster", "CreateDBInstance", "SwitchoverGlobalCluster"]);
    expect(fake.writer()?.region).toBe(PRIMARY);
    expect(fake.clusters.get(`${PRIMARY}|calcapp-production`)?.status).toBe("available");
  });

  it("refuses to rebuild over a detached cluster that still exists", async () => {
    fake.members = [{ region: DR, id: "calcapp-production-dr", isWriter: true, sync: "connected" }];
    await expect(runFailback({ ...failbackDefaults, to: PRIMARY, dryRun: false }, backend, backend, fake.clock, out)).rejects.toThrow(/still exists in us-east-1 outside the global cluster/);
  });
});

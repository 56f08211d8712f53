// dr/scripts rollback.ts and restore-pitr.ts against the stateful fake of AWS.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsBackend } from "../../dr/scripts/lib/aws-backend";
import { Refusal, WaitTimeout } from "../../dr/scripts/lib/runtime";
import { runRestorePitr, type RestoreOptions } from "../../dr/scripts/restore-pitr";
import { runRollback, type RollbackOptions } from "../../dr/scripts/rollback";
import { DR, DURATIONS, FakeAws, GLOBAL_ENDPOINT, PRIMARY, testConfig } from "./fake-aws";

let fake: FakeAws;
let backend: AwsBackend;
let lines: string[];
let dir: string;
const out = (line: string) => lines.push(line);

beforeEach(() => {
  fake = new FakeAws();
  backend = new AwsBackend(testConfig, {
    clock: fake.clock,
    probe: fake.probe,
    pollMs: 10_000,
  });
  lines = [];
  dir = mkdtempSync(join(tmpdir(), "dr-rollback-test-"));
});

afterEach(() => {
  fake.restore();
  rmSync(dir, { recursive: true, force: true });
});

const latestBody = (bucket: string, key: string) => fake.buckets.get(bucket)?.get(key)?.find((v) => v.isLatest)?.body;
const live = (region: string, name: string) => fake.functions.get(`${region}|${name}`)?.live;

function rollbackOptions(overrides: Partial<RollbackOptions> = {}): RollbackOptions {
  return { regions: [PRIMARY, DR], dryRun: false, journalFile: join(dir, "rollback.json"), invalidationPaths: ["/_static/*"], ...overrides };
}

describe("rollback", () => {
  it("moves every live alias to the previous version and restores the previous assets, in both regions", async () => {
    const result = await runRollback(rollbackOptions(), backend, fake.clock, out);
    for (const region of [PRIMARY, DR]) {
      for (const name of testConfig.regions[region]!.functions) expect(live(region, name), `${region} ${name}`).toBe("2");
      const bucket = testConfig.regions[region]!.assetsBucket;
      expect(latestBody(bucket, "_static/index-manifest.json")).toBe("manifest 1");
      // Unchanged by the deploy: untouched. Added by the deploy: left (nothing old refers to it).
      expect(fake.buckets.get(bucket)?.get("_static/assets/app-abc.js")).toHaveLength(1);
      expect(latestBody(bucket, "_static/assets/new-def.js")).toBe("new file");
    }
    expect(fake.invalidations).toEqual([["/_static/*"]]);
    expect(result.plan.regions[PRIMARY]?.functions[0]).toMatchObject({ from: "3", to: "2" });
  });

  it("uses the versions the deploy recorded (previous-versions.json) when given", async () => {
    const file = join(dir, "previous-versions.json");
    writeFileSync(file, JSON.stringify({ calculator: "1", history: "2" }));
    await runRollback(rollbackOptions({ regions: [PRIMARY], previousVersionsFile: file }), backend, fake.clock, out);
    expect(live(PRIMARY, "calcapp-production-calculator")).toBe("1");
    expect(live(PRIMARY, "calcapp-production-history")).toBe("2");
  });

  it("resumes the same plan after a crash midway instead of rolling back one release further", async () => {
    fake.failOnce.add("CopyObject");
    await expect(runRollback(rollbackOptions(), backend, fake.clock, out)).rejects.toThrow(/injected failure/);
    expect(live(PRIMARY, "calcapp-production-calculator")).toBe("2");
    lines = [];
    await runRollback(rollbackOptions(), backend, fake.clock, out);
    expect(lines[0]).toMatch(/resuming the rollback planned at/);
    for (const region of [PRIMARY, DR]) for (const name of testConfig.regions[region]!.functions) expect(live(region, name)).toBe("2");
    expect(latestBody("assets-dr", "_static/index-manifest.json")).toBe("manifest 1");
    expect(fake.mutations.filter((m) => m === "UpdateAlias")).toHaveLength(6);
    expect(fake.invalidations).toHaveLength(1);
  });

  it("dry run prints the plan and changes nothing", async () => {
    await runRollback(rollbackOptions({ dryRun: true }), backend, fake.clock, out);
    expect(fake.mutations).toEqual([]);
    expect(lines.some((l) => l.includes("calcapp-production-calculator: live 3 -> 2"))).toBe(true);
    expect(lines.some((l) => l.includes("(dry run) would: us-east-1 restore _static/index-manifest.json"))).toBe(true);
  });

  it("refuses when a function has no earlier version", async () => {
    fake.functions.get(`${PRIMARY}|calcapp-production-calculator`)!.live = "1";
    await expect(runRollback(rollbackOptions(), backend, fake.clock, out)).rejects.toThrow(/no version before 1/);
    expect(fake.mutations).toEqual([]);
  });
});

function restoreOptions(overrides: Partial<RestoreOptions> = {}): RestoreOptions {
  return { sourceCluster: "calcapp-production", time: Date.parse("2026-11-25T09:30:00Z"), tables: ["users", "calculation_history"], expectRows: {}, dryRun: false, waitTimeoutMs: 60 * 60_000, pollMs: 30_000, fenceSettleMs: 302_000, ...overrides };
}

describe("restore-pitr", () => {
  const secretId = testConfig.regions[PRIMARY]!.databaseSecretId;

  it("stops writes first, restores into a new cluster, counts rows inside the VPC, switches the secret and the Lambdas, resumes writes, keeps the old cluster", async () => {
    const result = await runRestorePitr(restoreOptions({ expectRows: { users: 100 } }), backend, fake.clock, out);
    // Writes stopped (region role: no writer) before the restore started, and resumed on us-east-1 at the end.
    const stopped = lines.findIndex((l) => l.startsWith("[") && l.includes("ok stop writes"));
    expect(stopped).toBeGreaterThanOrEqual(0);
    expect(stopped).toBeLessThan(lines.findIndex((l) => l.includes("ok RestoreDBClusterToPointInTime")));
    expect(fake.roleSeenIn(DR)).toEqual(expect.objectContaining({ writer: PRIMARY, epoch: 3 }));
    // Counted by the migration Lambda (in the VPC), not from the operator's machine.
    expect(fake.invocations.some((i) => i.startsWith("calcapp-production-migrate ") && i.includes("calcapp-production-pitr-20261125-0930"))).toBe(true);
    const target = "calcapp-production-pitr-20261125-0930";
    expect(result.targetCluster).toBe(target);
    const restored = fake.clusters.get(`${PRIMARY}|${target}`);
    expect(restored).toMatchObject({ status: "available", restoredFrom: { source: "calcapp-production", time: Date.parse("2026-11-25T09:30:00Z") } });
    expect(fake.instances.get(`${target}-1`)?.status).toBe("available");
    expect(result.counts).toEqual({ users: 100, calculation_history: 1000 });
    expect(fake.secretHost(PRIMARY, secretId)).toBe(fake.endpoint(PRIMARY, target));
    for (const name of testConfig.regions[PRIMARY]!.functions) {
      const fn = fake.functions.get(`${PRIMARY}|${name}`)!;
      expect(fn.live).toBe("4");
      expect(fn.versions.find((v) => v.version === "4")?.env.DATABASE_GENERATION).toBe(target);
      expect(fn.versions.find((v) => v.version === "4")?.codeSha).toBe("sha-3"); // same code as before
    }
    // The damaged cluster is kept for forensics.
    expect(fake.clusters.get(`${PRIMARY}|calcapp-production`)?.tags).toMatchObject({ "calcapp:dr": "forensics", "calcapp:replaced-by": target });
    expect(result.availableMs).toBeGreaterThanOrEqual(DURATIONS.instanceCreate);
    expect(lines.some((l) => /users: 100 rows restored \(90 in the damaged cluster\)/.test(l))).toBe(true);
  });

  it("refuses to switch when the restored row counts are below expectations (writes stay stopped)", async () => {
    await expect(runRestorePitr(restoreOptions({ expectRows: { users: 150 } }), backend, fake.clock, out)).rejects.toThrow(/users 100 < 150/);
    expect(fake.roleSeenIn(DR)?.writer).toMatch(/^none:restore /);
    expect(fake.secretHost(PRIMARY, secretId)).toBe(GLOBAL_ENDPOINT);
    expect(fake.functions.get(`${PRIMARY}|calcapp-production-calculator`)?.live).toBe("3");
  });

  it("refuses a restore time outside the restorable window", async () => {
    await expect(runRestorePitr(restoreOptions({ time: fake.now }), backend, fake.clock, out)).rejects.toThrow(/outside the restorable window/);
    expect(fake.mutations).toEqual([]);
  });

  it("times out when the restored cluster never becomes available", async () => {
    fake.clusters.set(`${PRIMARY}|calcapp-production-pitr-20261125-0930`, { region: PRIMARY, id: "calcapp-production-pitr-20261125-0930", status: "creating", tags: {} });
    await expect(runRestorePitr(restoreOptions({ waitTimeoutMs: 20 * 60_000 }), backend, fake.clock, out)).rejects.toBeInstanceOf(WaitTimeout);
  });

  it("refuses to publish when $LATEST's code is not the live code (after a rollback)", async () => {
    fake.functions.get(`${PRIMARY}|calcapp-production-calculator`)!.live = "2";
    await expect(runRestorePitr(restoreOptions(), backend, fake.clock, out)).rejects.toBeInstanceOf(Refusal);
    expect(fake.functions.get(`${PRIMARY}|calcapp-production-calculator`)?.live).toBe("2");
  });

  it("resumes after a crash midway without restoring twice", async () => {
    fake.failOnce.add("PublishVersion");
    await expect(runRestorePitr(restoreOptions(), backend, fake.clock, out)).rejects.toThrow(/injected failure/);
    lines = [];
    await runRestorePitr(restoreOptions(), backend, fake.clock, out);
    expect(fake.mutations.filter((m) => m === "RestoreDBClusterToPointInTime")).toHaveLength(1);
    expect(fake.mutations.filter((m) => m === "CreateDBInstance")).toHaveLength(1);
    expect(lines.some((l) => l.includes("= RestoreDBClusterToPointInTime") && l.includes("already done"))).toBe(true);
    for (const name of testConfig.regions[PRIMARY]!.functions) expect(fake.functions.get(`${PRIMARY}|${name}`)?.versions.at(-1)?.env.DATABASE_GENERATION).toBe("calcapp-production-pitr-20261125-0930");
  });

  it("dry run prints the plan and changes nothing", async () => {
    await runRestorePitr(restoreOptions({ dryRun: true }), backend, fake.clock, out);
    expect(fake.mutations).toEqual([]);
    expect(lines.some((l) => l.includes("(dry run) would: RestoreDBClusterToPointInTime"))).toBe(true);
  });
});

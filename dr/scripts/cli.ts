// Entry point of the DR scripts: `tsx dr/scripts/cli.ts <failover|failback|restore-pitr|rollback> [options]`
// (npm run dr:failover -- ..., etc.). Prints the plan with --dry-run. Exit codes: 0 done,
// 1 error, 2 refused (nothing or nothing more changed), 3 a wait timed out (re-run to resume).
//
// Backends: --backend aws (default; --config dr/config/production.json, AWS credentials from the
// usual chain) or --backend local --local-config <file> (the drill's processes on loopback).
import { readFileSync } from "node:fs";
import { runFailback, failbackDefaults } from "./failback";
import { failoverDefaults, runFailover } from "./failover";
import { AwsBackend, awsConfigSchema } from "./lib/aws-backend";
import { exitCodeFor, num, parseFlags, realClock, str, type Clock } from "./lib/runtime";
import { FENCE_SETTLE_MS, runRestorePitr } from "./restore-pitr";
import { runRollback } from "./rollback";

const USAGE = `usage: tsx dr/scripts/cli.ts <command> [options]

  failover      --to <region> [--unplanned --allow-data-loss] [--max-lag-ms N]
  failback      --to <region>
  restore-pitr  --time <ISO time|latest> [--cluster ID] [--target ID] [--tables a,b] [--expect table=N,...] [--fence-settle-s N]
  rollback      [--regions r1,r2] [--previous-versions FILE] [--since ISO time]

common: --dry-run  --backend aws|local  --config FILE  --local-config FILE  --journal FILE
        --timeout-s N (promotion / restore wait)  --poll-s N`;

const COMMON = { "dry-run": "boolean", backend: "string", config: "string", "local-config": "string", journal: "string", "timeout-s": "string", "poll-s": "string", help: "boolean" } as const;

async function backendFor(flags: Record<string, string | boolean | undefined>, clock: Clock) {
  if (str(flags, "backend") === "local") {
    const file = str(flags, "local-config");
    if (!file) throw new Error("--backend local needs --local-config <file> (written by the drill)");
    const { LocalBackend, localConfigSchema } = await import("./lib/local-backend");
    return new LocalBackend(localConfigSchema.parse(JSON.parse(readFileSync(file, "utf8"))), clock);
  }
  const file = str(flags, "config") ?? "dr/config/production.json";
  return new AwsBackend(awsConfigSchema.parse(JSON.parse(readFileSync(file, "utf8"))), { clock });
}

async function localRestoreBackend(flags: Record<string, string | boolean | undefined>, clock: Clock) {
  const file = str(flags, "local-config");
  if (!file) throw new Error("--backend local needs --local-config <file> (written by the drill)");
  const { LocalRestoreBackend, localRestoreSchema } = await import("./lib/local-restore-backend");
  return new LocalRestoreBackend(localRestoreSchema.parse(JSON.parse(readFileSync(file, "utf8"))), clock);
}

export async function main(argv: string[], clock: Clock = realClock): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help") {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  try {
    if (command === "failover" || command === "failback") {
      const flags = parseFlags(rest, { ...COMMON, to: "string", unplanned: "boolean", "allow-data-loss": "boolean", "max-lag-ms": "string", "resync-timeout-s": "string" });
      const to = str(flags, "to");
      if (!to) throw new Error("--to <region> is required");
      const backend = await backendFor(flags, clock);
      const common = {
        ...failoverDefaults,
        to,
        dryRun: flags["dry-run"] === true,
        maxPlannedLagMs: num(flags, "max-lag-ms", failoverDefaults.maxPlannedLagMs),
        promoteTimeoutMs: num(flags, "timeout-s", failoverDefaults.promoteTimeoutMs / 1000) * 1000,
        pollMs: num(flags, "poll-s", failoverDefaults.pollMs / 1000) * 1000,
        journalFile: str(flags, "journal") ?? `dr/.state/${command}-${to}.json`,
      };
      if (command === "failover") {
        await runFailover({ ...common, mode: flags.unplanned ? "unplanned" : "planned", allowDataLoss: flags["allow-data-loss"] === true }, backend, backend, clock);
      } else {
        await runFailback({ ...common, resyncTimeoutMs: num(flags, "resync-timeout-s", failbackDefaults.resyncTimeoutMs / 1000) * 1000 }, backend, backend, clock);
      }
      return 0;
    }
    if (command === "restore-pitr") {
      const flags = parseFlags(rest, { ...COMMON, time: "string", cluster: "string", target: "string", tables: "string", expect: "string", "fence-settle-s": "string" });
      const time = str(flags, "time");
      if (!time) throw new Error("--time <ISO time|latest> is required");
      const parsed = time === "latest" ? "latest" : Date.parse(time);
      if (parsed !== "latest" && !Number.isFinite(parsed)) throw new Error(`--time: not a time: ${time}`);
      const expectRows = Object.fromEntries(
        (str(flags, "expect") ?? "")
          .split(",")
          .filter(Boolean)
          .map((pair) => {
            const [table, count] = pair.split("=");
            return [table as string, Number(count)];
          }),
      );
      // The local backend: the PITR rehearsal's processes (npm run dr:restore-drill writes the config).
      const backend = str(flags, "backend") === "local" ? await localRestoreBackend(flags, clock) : await backendFor(flags, clock);
      if (!("restoreToPointInTime" in backend)) throw new Error("restore-pitr: this backend cannot restore");
      const defaultCluster = "regions" in backend.config ? backend.config.regions[backend.config.restoreRegion]?.clusterId : undefined;
      await runRestorePitr(
        {
          sourceCluster: str(flags, "cluster") ?? defaultCluster ?? "calcapp-production",
          time: parsed,
          targetCluster: str(flags, "target"),
          tables: (str(flags, "tables") ?? "users,calculation_history,subscription").split(","),
          expectRows,
          dryRun: flags["dry-run"] === true,
          waitTimeoutMs: num(flags, "timeout-s", 3600) * 1000,
          fenceSettleMs: num(flags, "fence-settle-s", FENCE_SETTLE_MS / 1000) * 1000,
          pollMs: num(flags, "poll-s", 30) * 1000,
        },
        backend,
        clock,
      );
      return 0;
    }
    if (command === "rollback") {
      const flags = parseFlags(rest, { ...COMMON, regions: "string", "previous-versions": "string", since: "string" });
      const backend = await backendFor(flags, clock);
      if (!("moveAlias" in backend)) throw new Error("rollback runs on the aws backend");
      const since = str(flags, "since");
      await runRollback(
        {
          regions: (str(flags, "regions") ?? backend.regions().join(",")).split(","),
          dryRun: flags["dry-run"] === true,
          previousVersionsFile: str(flags, "previous-versions"),
          since: since ? Date.parse(since) : undefined,
          journalFile: str(flags, "journal") ?? "dr/.state/rollback.json",
          invalidationPaths: [`/${backend.config.assetsPrefix}/*`],
        },
        backend,
        clock,
      );
      return 0;
    }
    console.error(`unknown command ${command}\n${USAGE}`);
    return 1;
  } catch (error) {
    console.error(`${(error as Error).name === "Error" ? "ERROR" : (error as Error).name.toUpperCase()}: ${(error as Error).message}`);
    return exitCodeFor(error);
  }
}

process.exitCode = await main(process.argv.slice(2));

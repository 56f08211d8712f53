// The PITR rehearsal's stand-in for AWS (npm run dr:restore-drill): the operators' restore-pitr
// logic, acting on real processes. A registry file lists the "clusters" (PostgreSQL data
// directories); RestoreDBClusterToPointInTime is a copy of the base backup set to replay the WAL
// archive up to the restore time into a new data directory, CreateDBInstance starts it; the app's
// database secret and the region role are files served to the app by the drill's secrets
// extension; "publish a new version of every Lambda" stops the app process so the drill's
// supervisor starts a new one, which reads the secret again (as new containers do).
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type pg from "pg";
import * as z from "zod/mini";
import type { ClusterInfo, Endpoint, RestoreBackend } from "./backend";
import { queryOnce } from "./local-sql";
import { Refusal, waitFor, type Clock } from "./runtime";

const run = promisify(execFile);

export const localRestoreSchema = z.object({
  registryFile: z.string(),
  workDir: z.string(),
  baseBackupDir: z.string(),
  baseBackupAt: z.string(),
  archiveDir: z.string(),
  pgBinDir: z.string(),
  /** The database secret the app reads (JSON {host, port, username, password, dbname}). */
  secretFile: z.string(),
  /** The region role the app reads before every write. */
  roleFile: z.string(),
  writerRegion: z.string(),
  /** The app's process (its group is stopped to move it to a new generation) and the generation it runs. */
  appPidFile: z.string(),
  appGenerationFile: z.string(),
  wantedGenerationFile: z.string(),
});

export type LocalRestoreConfig = z.infer<typeof localRestoreSchema>;

type Registry = { clusters: Record<string, { dataDir: string; port: number; instance: boolean; tags: Record<string, string> }> };

const isRoot = process.getuid?.() === 0;

export class LocalRestoreBackend implements RestoreBackend {
  constructor(
    readonly config: LocalRestoreConfig,
    private readonly clock: Clock,
  ) {}

  private registry(): Registry {
    return JSON.parse(readFileSync(this.config.registryFile, "utf8")) as Registry;
  }

  private save(registry: Registry): void {
    writeFileSync(`${this.config.registryFile}.tmp`, JSON.stringify(registry, null, 1));
    renameSync(`${this.config.registryFile}.tmp`, this.config.registryFile);
  }

  private async pg(binary: string, args: string[]): Promise<void> {
    const file = join(this.config.pgBinDir, binary);
    await run(isRoot ? "runuser" : file, isRoot ? ["-u", "postgres", "--", file, ...args] : args);
  }

  private sql<T extends pg.QueryResultRow>(port: number, text: string, database = "postgres"): Promise<T[]> {
    return queryOnce<T>({ host: "127.0.0.1", port, user: "postgres", database, connectionTimeoutMillis: 1_000, query_timeout: 30_000 }, text);
  }


  async cluster(id: string): Promise<ClusterInfo | undefined> {
    const entry = this.registry().clusters[id];
    if (!entry) return undefined;
    let status = "creating";
    if (entry.instance) {
      try {
        const [row] = await this.sql<{ r: boolean }>(entry.port, "SELECT pg_is_in_recovery() AS r");
        status = row?.r === false ? "available" : "creating"; // still replaying the archive
      } catch {
        status = "creating";
      }
    }
    return {
      id,
      status,
      endpoint: { host: "127.0.0.1", port: entry.port },
      instances: entry.instance ? [{ id: `${id}-1`, status }] : [],
      tags: entry.tags,
    };
  }

  async earliestRestorableTime(): Promise<number> {
    return Date.parse(this.config.baseBackupAt);
  }

  async latestRestorableTime(): Promise<number> {
    return this.clock.now();
  }

  async restoreToPointInTime(source: string, target: string, time: number): Promise<void> {
    const registry = this.registry();
    if (!registry.clusters[source]) throw new Refusal(`no cluster ${source}`);
    if (registry.clusters[target]) throw new Refusal(`${target} exists`);
    const dataDir = join(this.config.workDir, target);
    cpSync(this.config.baseBackupDir, dataDir, { recursive: true });
    const socketDir = join(this.config.workDir, `${target}-socket`);
    mkdirSync(socketDir, { recursive: true, mode: 0o700 });
    const port = await freePort();
    writeFileSync(join(dataDir, "recovery.signal"), "");
    const at = new Date(time).toISOString().replace("T", " ").replace("Z", "+00");
    const conf = join(dataDir, "postgresql.auto.conf");
    writeFileSync(
      conf,
      `${readFileSync(conf, "utf8")}\nport = ${port}\nunix_socket_directories = '${socketDir}'\narchive_mode = off\nrestore_command = 'cp ${this.config.archiveDir}/%f %p'\nrecovery_target_time = '${at}'\nrecovery_target_action = 'promote'\n`,
    );
    if (isRoot) {
      await run("chown", ["-R", "postgres:postgres", dataDir, socketDir]);
      await run("chmod", ["700", dataDir]);
    }
    registry.clusters[target] = { dataDir, port, instance: false, tags: { "calcapp:dr": "pitr-restore", "calcapp:restored-from": source } };
    this.save(registry);
  }

  async createInstance(cluster: string): Promise<void> {
    const registry = this.registry();
    const entry = registry.clusters[cluster];
    if (!entry) throw new Error(`no cluster ${cluster}`);
    await this.pg("pg_ctl", ["-D", entry.dataDir, "-l", join(entry.dataDir, "server.log"), "-w", "-t", "60", "start"]);
    entry.instance = true;
    this.save(registry);
  }

  async tagCluster(id: string, tags: Record<string, string>): Promise<void> {
    const registry = this.registry();
    const entry = registry.clusters[id];
    if (!entry) throw new Error(`no cluster ${id}`);
    entry.tags = { ...entry.tags, ...tags };
    this.save(registry);
  }

  /** The drill's network is the "VPC": counted directly. */
  async rowCounts(endpoint: Endpoint, tables: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of tables) {
      if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Refusal(`not a table name: ${table}`);
      counts[table] = Number((await this.sql<{ n: string }>(endpoint.port, `SELECT count(*) AS n FROM "${table}"`, "calcapp"))[0]?.n ?? 0);
    }
    return counts;
  }

  private readJson(file: string): Record<string, unknown> {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  }

  private writeJson(file: string, value: unknown): void {
    writeFileSync(`${file}.tmp`, JSON.stringify(value));
    renameSync(`${file}.tmp`, file);
  }

  async appSecretEndpoint(): Promise<Endpoint | undefined> {
    const secret = this.readJson(this.config.secretFile);
    return typeof secret.host === "string" ? { host: secret.host, port: Number(secret.port) } : undefined;
  }

  async pointAppSecret(endpoint: Endpoint): Promise<void> {
    this.writeJson(this.config.secretFile, { ...this.readJson(this.config.secretFile), host: endpoint.host, port: endpoint.port });
  }

  async functionsNotOnGeneration(generation: string): Promise<string[]> {
    const running = existsSync(this.config.appGenerationFile) ? readFileSync(this.config.appGenerationFile, "utf8") : "";
    return running === generation ? [] : ["app"];
  }

  async moveFunctionsToGeneration(generation: string, onEach: (name: string) => void): Promise<void> {
    if ((await this.functionsNotOnGeneration(generation)).length === 0) return;
    writeFileSync(this.config.wantedGenerationFile, generation);
    const pid = Number(readFileSync(this.config.appPidFile, "utf8"));
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // already gone: the supervisor starts the new one
    }
    await waitFor("the app on the new generation", async () => (await this.functionsNotOnGeneration(generation)).length === 0, { timeoutMs: 60_000, intervalMs: 200, clock: this.clock });
    onEach("app");
  }

  async writesStopped(): Promise<boolean> {
    return String(this.readJson(this.config.roleFile).writer ?? "").startsWith("none:");
  }

  async stopWrites(reason: string): Promise<void> {
    const role = this.readJson(this.config.roleFile);
    this.writeJson(this.config.roleFile, { writer: `none:${reason}`, epoch: Number(role.epoch ?? 0) + 1 });
  }

  async resumeWrites(): Promise<void> {
    const role = this.readJson(this.config.roleFile);
    this.writeJson(this.config.roleFile, { writer: this.config.writerRegion, epoch: Number(role.epoch ?? 0) + 1 });
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

// Which region may write (docs/decisions/012-dr-data-plane-failover-and-fencing.md).
//
// One small document, {"writer": "<region>", "epoch": <n>}, decides whether this region takes
// writes and whether its /health tells Route 53 to send it traffic. It lives in a Secrets Manager
// secret whose primary copy is in the DR region and which is replicated to the primary region
// (DR_ROLE_SECRET_ID, read through the Parameters and Secrets extension), so the failover script
// flips it with a call to the DR region only, and the old region reads the flip from its replica
// as soon as it answers again. The drill uses a JSON file per region (DR_ROLE_FILE).
//
// Without either variable (local development, tests, staging) there is no standby: every write
// is allowed. With one of them, a role that cannot be read refuses writes (fail closed): a fence
// that opens when it is unsure is no fence.
import { readFileSync } from "node:fs";
import { type EnvSource, processEnv } from "../env.server";
import { readSecretString } from "../secrets/secrets-extension.server";
import { appRegion } from "../runtime.server";

export type RegionRole = { writer: string; epoch: number };

/** How long a read role is reused inside a container (the extension caches for SECRETS_MANAGER_TTL on top). */
export const ROLE_CACHE_MS = 2_000;

let cached: { role: RegionRole; at: number } | undefined;

function parseRole(text: string): RegionRole {
  const value = JSON.parse(text) as Partial<RegionRole>;
  if (typeof value.writer !== "string" || !value.writer) throw new Error("the region role has no writer");
  return { writer: value.writer, epoch: Number(value.epoch ?? 0) };
}

/** Whether this deployment has a DR role at all. */
export function roleConfigured(env: EnvSource = processEnv()): boolean {
  return Boolean(env.DR_ROLE_FILE || env.DR_ROLE_SECRET_ID);
}

/** The current role; throws when it is configured but cannot be read. undefined: no DR role here. */
export async function readRegionRole(env: EnvSource = processEnv(), now = Date.now()): Promise<RegionRole | undefined> {
  if (!roleConfigured(env)) return undefined;
  if (cached && now - cached.at < ROLE_CACHE_MS) return cached.role;
  const text = env.DR_ROLE_FILE ? readFileSync(env.DR_ROLE_FILE, "utf8") : await readSecretString(env.DR_ROLE_SECRET_ID as string, env, { attempts: 2, timeoutMs: 1_000 });
  const role = parseRole(text);
  cached = { role, at: now };
  return role;
}

export function resetRegionRoleCache(): void {
  cached = undefined;
}

/** null when this region may write; else why not (for the 503 and the log). */
export async function writeRefusal(env: EnvSource = processEnv()): Promise<string | null> {
  let role: RegionRole | undefined;
  try {
    role = await readRegionRole(env);
  } catch (error) {
    return `the region role cannot be read (${(error as Error).message}): writes are refused until it can`;
  }
  if (!role) return null;
  const region = env.APP_REGION ?? appRegion();
  return role.writer === region ? null : `this region (${region}) is fenced: ${role.writer} is the writer (epoch ${role.epoch})`;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Every state-changing request: refused (503, retry) outside the writer region, before the app runs. */
export async function fencedWriteRefusal(method: string, env: EnvSource = processEnv()): Promise<string | null> {
  if (READ_METHODS.has(method.toUpperCase())) return null;
  return writeRefusal(env);
}

// The database URL: from AWS Secrets Manager (read through ../secrets/secrets-extension.server.ts)
// when DATABASE_URL_SECRET_ARN is set. The secret's SecretString may be:
// - the URL itself: postgresql://user:pass@host:5432/db?sslmode=verify-full
// - JSON with a `url` or `DATABASE_URL` field
// - the JSON that RDS writes for managed credentials: {username, password, host, port, dbname}
//   (host required; add query parameters with DATABASE_URL_PARAMS, e.g. "sslmode=verify-full")
import { processEnv } from "../env.server";
import { readSecretString, type SecretEnv } from "../secrets/secrets-extension.server";

/** Turns a SecretString into a PostgreSQL URL (see the formats above). */
export function databaseUrlFromSecretString(secret: string, params?: string): string {
  const trimmed = secret.trim();
  if (/^postgres(ql)?:\/\//.test(trimmed)) return trimmed;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(trimmed) as Record<string, unknown>;
  } catch {
    throw new Error("The database secret is neither a postgresql:// URL nor JSON");
  }
  const direct = parsed.url ?? parsed.DATABASE_URL;
  if (typeof direct === "string") return direct;
  const { username, password, host, port, dbname } = parsed;
  if (typeof username !== "string" || typeof password !== "string" || typeof host !== "string") {
    throw new Error(
      "The database secret JSON has no url/DATABASE_URL and no username/password/host fields",
    );
  }
  const url = new URL("postgresql://placeholder");
  url.username = encodeURIComponent(username);
  url.password = encodeURIComponent(password);
  url.hostname = host;
  url.port = String(port ?? 5432);
  url.pathname = `/${encodeURIComponent(typeof dbname === "string" ? dbname : "postgres")}`;
  if (params) url.search = params.startsWith("?") ? params : `?${params}`;
  return url.toString();
}

/** The embedded PGlite server `npm run dev` starts (scripts/db/embedded-postgres.ts, port 5433). */
export const EMBEDDED_DEV_DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable";

/**
 * The database URL for this process: from Secrets Manager when DATABASE_URL_SECRET_ARN is set,
 * else DATABASE_URL, else (under arc sandbox, i.e. `npm run dev`, whose Lambdas see only .env)
 * the embedded dev database. Throws when none applies.
 */
export async function resolveDatabaseUrl(env: SecretEnv = processEnv()): Promise<string> {
  if (env.DATABASE_URL_SECRET_ARN) {
    const secret = await readSecretString(env.DATABASE_URL_SECRET_ARN, env);
    return databaseUrlFromSecretString(secret, env.DATABASE_URL_PARAMS);
  }
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (env.ARC_SANDBOX) return EMBEDDED_DEV_DATABASE_URL;
  throw new Error("Neither DATABASE_URL nor DATABASE_URL_SECRET_ARN is set");
}

// Reads the database URL from AWS Secrets Manager through the "AWS Parameters and Secrets Lambda
// Extension" (a layer that serves secrets on localhost and caches them), so no AWS SDK is needed.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
//
// The secret's SecretString may be:
// - the URL itself: postgresql://user:pass@host:5432/db?sslmode=verify-full
// - JSON with a `url` or `DATABASE_URL` field
// - the JSON that RDS writes for managed credentials: {username, password, host, port, dbname}
//   (host required; add query parameters with DATABASE_URL_PARAMS, e.g. "sslmode=verify-full")

const DEFAULT_PORT = "2773";

/** Reads DATABASE_URL, DATABASE_URL_SECRET_ARN, DATABASE_URL_PARAMS, AWS_SESSION_TOKEN,
 * AWS_PARAMETERS_SECRETS_EXTENSION_HTTP_PORT and SECRETS_EXTENSION_ENDPOINT. */
export type SecretEnv = Record<string, string | undefined>;

/** Base URL of the extension; SECRETS_EXTENSION_ENDPOINT overrides it (tests, local runs). */
export function secretsExtensionEndpoint(env: SecretEnv = process.env): string {
  return (
    env.SECRETS_EXTENSION_ENDPOINT ??
    `http://localhost:${env.AWS_PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? DEFAULT_PORT}`
  ).replace(/\/+$/, "");
}

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

/**
 * Fetches one secret's SecretString from the extension. Retries briefly: right after a cold start
 * the extension may not be ready yet.
 */
export async function readSecretString(
  secretId: string,
  env: SecretEnv = process.env,
  { attempts = 5, timeoutMs = 3000 }: { attempts?: number; timeoutMs?: number } = {},
): Promise<string> {
  const token = env.AWS_SESSION_TOKEN;
  if (!token) throw new Error("AWS_SESSION_TOKEN is not set: cannot call the secrets extension");
  const url = `${secretsExtensionEndpoint(env)}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        headers: { "X-Aws-Parameters-Secrets-Token": token },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await response.text();
      if (response.ok) {
        const { SecretString } = JSON.parse(body) as { SecretString?: unknown };
        if (typeof SecretString !== "string") {
          throw new Error(`Secret ${secretId} has no SecretString (binary secrets are not supported)`);
        }
        return SecretString;
      }
      lastError = new Error(
        `Secrets extension answered ${response.status} for ${secretId}: ${body.slice(0, 200)}`,
      );
      // 4xx other than "not ready yet" (the extension answers 400 while it starts) will not heal.
      if (response.status >= 400 && response.status < 500 && !/not ready/i.test(body)) break;
    } catch (error) {
      lastError = error;
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/** The embedded PGlite server `npm run dev` starts (scripts/db/embedded-postgres.ts, port 5433). */
export const EMBEDDED_DEV_DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable";

/**
 * The database URL for this process: from Secrets Manager when DATABASE_URL_SECRET_ARN is set,
 * else DATABASE_URL, else (under arc sandbox, i.e. `npm run dev`, whose Lambdas see only .env)
 * the embedded dev database. Throws when none applies.
 */
export async function resolveDatabaseUrl(env: SecretEnv = process.env): Promise<string> {
  if (env.DATABASE_URL_SECRET_ARN) {
    const secret = await readSecretString(env.DATABASE_URL_SECRET_ARN, env);
    return databaseUrlFromSecretString(secret, env.DATABASE_URL_PARAMS);
  }
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (env.ARC_SANDBOX) return EMBEDDED_DEV_DATABASE_URL;
  throw new Error("Neither DATABASE_URL nor DATABASE_URL_SECRET_ARN is set");
}

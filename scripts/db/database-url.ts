// Which database the db:* scripts work on: DATABASE_URL from the shell, else DATABASE_URL from
// .env (what `arc sandbox` uses), else the embedded PGlite server (started if needed).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

import { EMBEDDED_DATABASE_URL, ensureEmbeddedPostgres, repoRoot } from "./embedded-postgres";

/** DATABASE_URL from the environment or the repo's .env file, if either sets it. */
export function configuredDatabaseUrl(): string | undefined {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  try {
    const env = parseEnv(readFileSync(path.join(repoRoot, ".env"), "utf8"));
    return env.DATABASE_URL || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The URL to work on. The embedded server is started (and migrated, unless `migrate: false`)
 * when no URL is configured or when the configured one is the embedded server's.
 */
export async function scriptDatabaseUrl(options: { migrate?: boolean } = {}): Promise<string> {
  const url = configuredDatabaseUrl();
  if (url && url !== EMBEDDED_DATABASE_URL) return url;
  return ensureEmbeddedPostgres({ migrate: options.migrate });
}

/** The URL with its password hidden, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}

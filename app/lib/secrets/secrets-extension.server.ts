// Reads secrets from AWS Secrets Manager through the "AWS Parameters and Secrets Lambda Extension"
// (a layer that serves secrets on localhost and caches them), so no AWS SDK is needed.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html

import { processEnv } from "../env.server";

const DEFAULT_PORT = "2773";

/** Reads AWS_SESSION_TOKEN,
 * AWS_PARAMETERS_SECRETS_EXTENSION_HTTP_PORT and SECRETS_EXTENSION_ENDPOINT. */
export type SecretEnv = Record<string, string | undefined>;

/** Base URL of the extension; SECRETS_EXTENSION_ENDPOINT overrides it (tests, local runs). */
export function secretsExtensionEndpoint(env: SecretEnv = processEnv()): string {
  return (
    env.SECRETS_EXTENSION_ENDPOINT ??
    `http://localhost:${env.AWS_PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? DEFAULT_PORT}`
  ).replace(/\/+$/, "");
}

/**
 * Fetches one secret's SecretString from the extension. Retries briefly: right after a cold start
 * the extension may not be ready yet.
 */
export async function readSecretString(
  secretId: string,
  env: SecretEnv = processEnv(),
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

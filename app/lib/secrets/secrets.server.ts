// Secrets that production passes by ARN (decision 004: SESSION_SECRET_ARN, REDIS_AUTH_SECRET_ARN,
// ORIGIN_VERIFY_SECRET_ARN) are read once per container through the Parameters and Secrets
// extension; locally the plain variable holds the value. Values are never logged.
import { processEnv, type EnvSource } from "../env.server";
import { readSecretString } from "./secrets-extension.server";

const cache = new Map<string, Promise<string>>();

function readOnce(arn: string): Promise<string> {
  let value = cache.get(arn);
  if (!value) {
    value = readSecretString(arn).then((text) => text.trim());
    // A failed read (extension not ready) is retried by the next request.
    value.catch(() => cache.delete(arn));
    cache.set(arn, value);
  }
  return value;
}

/** The value of `name`, else of the secret `${name}_ARN` names, else undefined. */
export async function optionalSecret(name: string, env: EnvSource = processEnv()): Promise<string | undefined> {
  const direct = env[name];
  if (direct) return direct;
  const arn = env[`${name}_ARN`];
  return arn ? readOnce(arn) : undefined;
}

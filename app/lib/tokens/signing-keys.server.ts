// The keys that sign and verify the API's access tokens: JWT_SIGNING_KEYS locally, the secret
// JWT_SIGNING_KEYS_ARN names in production (read once per container, at its first token request).
// Newest first: the first key signs, every key verifies, so a key can rotate without cutting off
// the tokens it signed (decision 017).
import { checkSigningKeys, tokenEnv, type TokenEnv } from "../env.server";
import { optionalSecret } from "../secrets/secrets.server";
import { logger } from "../observability/logger.server";

export type KeyRing = {
  /** The key new tokens are signed with. */
  signing: { kid: string; key: Uint8Array };
  /** Every key a token may name in its `kid`. */
  verifying: ReadonlyMap<string, Uint8Array>;
};

const encoder = new TextEncoder();
const rings = new WeakMap<TokenEnv, Promise<KeyRing>>();
let warnedDevKeys = false;

async function loadRing(env: TokenEnv): Promise<KeyRing> {
  let keys = env.signingKeys;
  if (!keys) {
    const text = (await optionalSecret("JWT_SIGNING_KEYS")) ?? "";
    const checked = checkSigningKeys(text, "JWT_SIGNING_KEYS (from JWT_SIGNING_KEYS_ARN)");
    if ("problem" in checked) throw new Error(`Invalid token environment: ${checked.problem}`);
    keys = checked.keys;
  }
  if (env.usingDevKeys && !warnedDevKeys) {
    warnedDevKeys = true;
    logger.warn("JWT_SIGNING_KEYS is not set: API tokens are signed with the fixed development key");
  }
  const [first] = keys;
  if (!first) throw new Error("Invalid token environment: JWT_SIGNING_KEYS holds no key");
  return {
    signing: { kid: first.kid, key: encoder.encode(first.secret) },
    verifying: new Map(keys.map((key) => [key.kid, encoder.encode(key.secret)])),
  };
}

/** The key ring of the current token environment (cached while it stays the same). */
export function keyRing(): Promise<KeyRing> {
  const env = tokenEnv();
  let ring = rings.get(env);
  if (!ring) {
    ring = loadRing(env);
    // A failed secret read is tried again by the next request.
    ring.catch(() => rings.delete(env));
    rings.set(env, ring);
  }
  return ring;
}

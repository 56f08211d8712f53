// Password hashing: argon2id from hash-wasm (WebAssembly, bundled into the Lambda's zip: no native
// addon to build for Lambda's x86_64/arm64 glibc). Parameters: OWASP's first argon2id option,
// 19 MiB of memory, 2 passes, 1 lane, 32-byte hash, 16-byte random salt (decision 006).
// Hashes are stored in the PHC string format, which carries its own parameters, so raising them
// later only needs `needsRehash` at the next successful login.
import { randomBytes } from "node:crypto";
import { argon2id, argon2Verify } from "hash-wasm";

export const ARGON2_PARAMS = { memorySize: 19_456, iterations: 2, parallelism: 1, hashLength: 32 } as const;
const SALT_BYTES = 16;

/**
 * A hash of a random, forgotten password with the current parameters. Verifying against it costs
 * what a real check costs, so an unknown email answers as slowly as a wrong password.
 */
export const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$ybu7qfGsDIgC9cN/s1WPfw$gPVcn+r4nHzSbeK4aToWUJXU928Yd9W6UFbdNULG0xc";

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

export function hashPassword(password: string): Promise<string> {
  return argon2id({ ...ARGON2_PARAMS, password, salt: randomBytes(SALT_BYTES), outputType: "encoded" });
}

/** True when `password` matches `encoded`; false for a wrong password or an unusable hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  if (!PHC.test(encoded)) {
    // e.g. the seed's "!disabled": no password matches, and the answer takes the usual time.
    await argon2Verify({ password, hash: DUMMY_HASH });
    return false;
  }
  return argon2Verify({ password, hash: encoded });
}

/** Spends the time of one verification, for requests that have no user to check against. */
export async function verifyNothing(password: string): Promise<false> {
  await argon2Verify({ password, hash: DUMMY_HASH });
  return false;
}

/** True when `encoded` was made with other parameters than today's. */
export function needsRehash(encoded: string): boolean {
  const match = PHC.exec(encoded);
  if (!match) return true;
  const [, m, t, p] = match.map(Number);
  return m !== ARGON2_PARAMS.memorySize || t !== ARGON2_PARAMS.iterations || p !== ARGON2_PARAMS.parallelism;
}

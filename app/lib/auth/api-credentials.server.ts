// The API's password check (POST /v1/auth/token): the same steps as the login form, so the API
// is no easier to guess against: the login limits per email and per client IP (shared with the
// form), the same answer after the same work for an unknown email, a deleted account and a wrong
// password, a rehash when the parameters changed.
import { consumeAll, reset } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { getStore } from "../store/get-store.server";
import { hashPassword, needsRehash, verifyNothing, verifyPassword } from "./password-hash.server";
import { findLiveUserByEmail, setPasswordHash, type StoredUser } from "./users.server";

export type CredentialCheck = { ok: true; user: StoredUser } | { ok: false; reason: "wrong" } | { ok: false; reason: "limited"; retryAfterSeconds: number };

/** `email` must already be normalised. */
export async function checkCredentials(email: string, password: string, ip: string): Promise<CredentialCheck> {
  const store = await getStore();
  const limit = await consumeAll(store, [
    [activeRule("loginIp"), ip],
    [activeRule("loginEmail"), email],
  ]);
  if (!limit.allowed) return { ok: false, reason: "limited", retryAfterSeconds: limit.retryAfterSeconds };
  const user = await findLiveUserByEmail(email);
  const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyNothing(password);
  if (!user || !ok) return { ok: false, reason: "wrong" };
  await reset(store, activeRule("loginEmail"), email);
  if (needsRehash(user.passwordHash)) await setPasswordHash(user.id, await hashPassword(password));
  return { ok: true, user };
}

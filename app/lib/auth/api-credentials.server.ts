// The API's sign-in check (POST /v1/auth/token): the same steps as the login form, so the API is
// no easier to guess against. The login limits of decision 016 apply (an API client is never a
// known browser, so the per-email delay applies to it); the same answer after the same work for
// an unknown email, a deleted account and a wrong password; a rehash when the parameters changed;
// and, with two-factor sign-in on, a code from the authenticator app or a recovery code, whose
// guesses are limited like the form's second step.
import { getStore } from "../store/get-store.server";
import {
  admitLogin,
  loginFailed,
  loginSucceeded,
  type LoginAttempt,
} from "./login-limits.server";
import {
  hashPassword,
  needsRehash,
  verifyNothing,
  verifyPassword,
} from "./password-hash.server";
import {
  admitGuess,
  twoFactorSecret,
  verifySecondFactor,
} from "./two-factor.server";
import {
  findLiveUserByEmail,
  setPasswordHash,
  type StoredUser,
} from "./users.server";

export type CredentialCheck =
  | { ok: true; user: StoredUser }
  | {
      ok: false;
      reason: "wrong" | "second-factor-required" | "second-factor-wrong";
    }
  | { ok: false; reason: "limited"; retryAfterSeconds: number };

/** `email` must already be normalised. */
export async function checkCredentials(
  email: string,
  password: string,
  ip: string,
  secondFactor?: string
): Promise<CredentialCheck> {
  const store = await getStore();
  const attempt: LoginAttempt = { email, ip, device: null };
  const limit = await admitLogin(store, attempt);
  if (!limit.allowed)
    return {
      ok: false,
      reason: "limited",
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  const user = await findLiveUserByEmail(email);
  const ok = user
    ? await verifyPassword(password, user.passwordHash)
    : await verifyNothing(password);
  if (!user || !ok) {
    await loginFailed(store, attempt);
    return { ok: false, reason: "wrong" };
  }
  if (await twoFactorSecret(user.id)) {
    if (!secondFactor) return { ok: false, reason: "second-factor-required" };
    const guess = await admitGuess(user.id);
    if (!guess.allowed)
      return {
        ok: false,
        reason: "limited",
        retryAfterSeconds: guess.retryAfterSeconds,
      };
    if (!(await verifySecondFactor(user.id, secondFactor)))
      return { ok: false, reason: "second-factor-wrong" };
  }
  await loginSucceeded(store, attempt);
  if (needsRehash(user.passwordHash))
    await setPasswordHash(user.id, await hashPassword(password));
  return { ok: true, user };
}

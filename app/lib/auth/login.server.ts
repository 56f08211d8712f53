// Logging in, with remix-auth's FormStrategy. The same answer, after the same work (one argon2
// verification), for an unknown email, a deleted account and a wrong password. Limits are checked
// before the password (login-limits.server.ts: per address, per (email, address), a progressive
// per-email delay, and the known-device exemption); each success marks this browser as known.
import type { AppLoadContext } from "@remix-run/node";
import * as z from "zod/mini";
import type { SessionUser } from "../sessions/session.server";
import { getStore } from "../store/get-store.server";
import { authenticateForm, invalidForm, Refused } from "./authenticate-form.server";
import { emailField } from "./email";
import { readKnownDevice, rememberDevice } from "./known-device.server";
import { admitLogin, loginFailed, loginSucceeded } from "./login-limits.server";
import { startSecondStep } from "./login-second-step.server";
import { twoFactorSecret } from "./two-factor.server";
import { formResult, tooManyAttempts, type FormResult } from "./form.server";
import { hashPassword, needsRehash, verifyNothing, verifyPassword } from "./password-hash.server";
import { currentPasswordField } from "./password-policy";
import { safeRedirect } from "./safe-redirect";
import { findLiveUserByEmail, setPasswordHash } from "./users.server";

export const WRONG_CREDENTIALS = "That email and password do not match an account. Check both and try again.";

const loginForm = z.object({
  email: emailField,
  password: currentPasswordField,
  remember: z.optional(z.literal("on")),
  redirectTo: z.optional(z.string().check(z.maxLength(2048))),
});

type LoggedIn = SessionUser & { remember: boolean; redirectTo: string; setCookies: string[] };

async function verify(form: FormData, ip: string, request: Request): Promise<LoggedIn> {
  const parsed = loginForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw invalidForm(form, parsed.error.issues);
  const { email, password, remember, redirectTo } = parsed.data;

  const store = await getStore();
  const device = await readKnownDevice(request);
  const attempt = { email, ip, device };
  const limit = await admitLogin(store, attempt);
  if (!limit.allowed) throw new Refused(tooManyAttempts(limit.retryAfterSeconds, "login attempts", email));

  const user = await findLiveUserByEmail(email);
  const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyNothing(password);
  if (!user || !ok) {
    await loginFailed(store, attempt);
    throw new Refused(formResult(400, { fieldErrors: {}, formError: WRONG_CREDENTIALS, email }));
  }

  await loginSucceeded(store, attempt);
  if (needsRehash(user.passwordHash)) await setPasswordHash(user.id, await hashPassword(password));
  if (await twoFactorSecret(user.id)) {
    await startSecondStep({ userId: user.id, email: user.email, remember: remember === "on", redirectTo: safeRedirect(redirectTo) });
  }
  return {
    id: user.id,
    email: user.email,
    remember: remember === "on",
    redirectTo: safeRedirect(redirectTo),
    setCookies: [await rememberDevice(device, email)],
  };
}

/** POST /login: what to show on the form, or a thrown redirect with the session cookie. */
export function login(request: Request, context: AppLoadContext): Promise<FormResult> {
  return authenticateForm(request, context, "login", verify);
}

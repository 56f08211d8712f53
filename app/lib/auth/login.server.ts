// Logging in, with remix-auth's FormStrategy. The same answer, after the same work (one argon2
// verification), for an unknown email, a deleted account and a wrong password. Rate limits: per
// email and per client IP, counted before the password is checked (rules.ts).
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import * as z from "zod/mini";
import { describeSeconds } from "../duration";
import { clientIp, rateLimitSubject } from "../http/client-ip";
import { consumeAll, reset } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { getStore } from "../store/get-store.server";
import { emailField } from "./email";
import { fieldErrorsOf, formRequest, formResult, readAuthForm, type FormResult } from "./form.server";
import { hashPassword, needsRehash, verifyNothing, verifyPassword } from "./password-hash.server";
import { currentPasswordField } from "./password-policy";
import { safeRedirect } from "./safe-redirect";
import { orUnavailable, startUserSession, type SessionUser } from "../sessions/session.server";
import { findLiveUserByEmail, setPasswordHash } from "./users.server";

export const WRONG_CREDENTIALS = "That email and password do not match an account. Check both and try again.";

const loginForm = z.object({
  email: emailField,
  password: currentPasswordField,
  remember: z.optional(z.literal("on")),
  redirectTo: z.optional(z.string().check(z.maxLength(2048))),
});

type LoggedIn = SessionUser & { remember: boolean; redirectTo: string };

/** Thrown inside the strategy; carries the answer for the page. */
class Refused extends Error {
  constructor(readonly result: FormResult) {
    super(result.formError ?? "refused");
  }
}

export function tooManyAttempts(retryAfterSeconds: number, what: string, email?: string): FormResult {
  return formResult(429, {
    fieldErrors: {},
    formError: `Too many ${what}. Try again in ${describeSeconds(retryAfterSeconds)}.`,
    retryAfterSeconds,
    email,
  });
}

async function verify(form: FormData, ip: string): Promise<LoggedIn> {
  const parsed = loginForm.safeParse(Object.fromEntries(form));
  const typedEmail = typeof form.get("email") === "string" ? String(form.get("email")).slice(0, 254) : undefined;
  if (!parsed.success) throw new Refused(formResult(400, { fieldErrors: fieldErrorsOf(parsed.error.issues), email: typedEmail }));
  const { email, password, remember, redirectTo } = parsed.data;

  const store = await getStore();
  const limit = await consumeAll(store, [
    [activeRule("loginIp"), ip],
    [activeRule("loginEmail"), email],
  ]);
  if (!limit.allowed) throw new Refused(tooManyAttempts(limit.retryAfterSeconds, "login attempts", email));

  const user = await findLiveUserByEmail(email);
  const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyNothing(password);
  if (!user || !ok) throw new Refused(formResult(400, { fieldErrors: {}, formError: WRONG_CREDENTIALS, email }));

  await reset(store, activeRule("loginEmail"), email);
  if (needsRehash(user.passwordHash)) await setPasswordHash(user.id, await hashPassword(password));
  return { id: user.id, email: user.email, remember: remember === "on", redirectTo: safeRedirect(redirectTo) };
}

/** POST /login: a redirect with the session cookie, or what to show on the form. */
export function login(request: Request, context: AppLoadContext): Promise<Response | FormResult> {
  return orUnavailable(async () => {
    const fields = await readAuthForm(request);
    if (!(fields instanceof URLSearchParams)) return fields;
    const ip = rateLimitSubject(clientIp(context));
    const authenticator = new Authenticator<LoggedIn>().use(new FormStrategy(({ form }) => verify(form, ip)), "login");
    let user: LoggedIn;
    try {
      user = await authenticator.authenticate("login", formRequest(request, fields));
    } catch (error) {
      if (error instanceof Refused) return error.result;
      throw error;
    }
    const cookie = await startUserSession(request, user, user.remember);
    return redirect(user.redirectTo, { headers: { "Set-Cookie": cookie } });
  });
}

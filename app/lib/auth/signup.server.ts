// Signing up, with remix-auth's FormStrategy: a normalised, unused email and a password that
// passes the policy, hashed with argon2id. The new user is signed in at once.
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import * as z from "zod/mini";
import { clientIp, rateLimitSubject } from "../http/client-ip";
import { consumeAll } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { getStore } from "../store/get-store.server";
import { emailField } from "./email";
import { fieldErrorsOf, formRequest, formResult, readAuthForm, type FormResult } from "./form.server";
import { tooManyAttempts } from "./login.server";
import { hashPassword } from "./password-hash.server";
import { MAX_PASSWORD_LENGTH, passwordProblem } from "./password-policy";
import { safeRedirect } from "./safe-redirect";
import { orUnavailable, startUserSession, type SessionUser } from "../sessions/session.server";
import { emitMetric } from "../observability/metrics.server";
import { createUser, DuplicateEmailError, emailTaken } from "./users.server";

export const EMAIL_TAKEN = "An account with this email already exists. Log in instead.";

const signupForm = z.object({
  email: emailField,
  password: z
    .string({ error: "Choose a password." })
    .check(z.maxLength(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`)),
  redirectTo: z.optional(z.string().check(z.maxLength(2048))),
});

type SignedUp = SessionUser & { redirectTo: string };

class Refused extends Error {
  constructor(readonly result: FormResult) {
    super(result.formError ?? "refused");
  }
}

async function verify(form: FormData, ip: string): Promise<SignedUp> {
  const parsed = signupForm.safeParse(Object.fromEntries(form));
  const typedEmail = typeof form.get("email") === "string" ? String(form.get("email")).slice(0, 254) : undefined;
  if (!parsed.success) throw new Refused(formResult(400, { fieldErrors: fieldErrorsOf(parsed.error.issues), email: typedEmail }));
  const { email, password, redirectTo } = parsed.data;
  const problem = passwordProblem(password, email);
  if (problem) throw new Refused(formResult(400, { fieldErrors: { password: problem }, email }));

  const limit = await consumeAll(await getStore(), [
    [activeRule("signupIp"), ip],
    [activeRule("signupEmail"), email],
  ]);
  if (!limit.allowed) throw new Refused(tooManyAttempts(limit.retryAfterSeconds, "sign-up attempts", email));

  const taken = () => new Refused(formResult(400, { fieldErrors: { email: EMAIL_TAKEN }, email }));
  if (await emailTaken(email)) throw taken();
  try {
    const user = await createUser(email, await hashPassword(password));
    emitMetric("UserRegistered");
    return { id: user.id, email: user.email, redirectTo: safeRedirect(redirectTo) };
  } catch (error) {
    if (error instanceof DuplicateEmailError) throw taken();
    throw error;
  }
}

/** POST /signup: a redirect with the new session's cookie, or what to show on the form. */
export function signup(request: Request, context: AppLoadContext): Promise<Response | FormResult> {
  return orUnavailable(async () => {
    const fields = await readAuthForm(request);
    if (!(fields instanceof URLSearchParams)) return fields;
    const ip = rateLimitSubject(clientIp(context));
    const authenticator = new Authenticator<SignedUp>().use(new FormStrategy(({ form }) => verify(form, ip)), "signup");
    let user: SignedUp;
    try {
      user = await authenticator.authenticate("signup", formRequest(request, fields));
    } catch (error) {
      if (error instanceof Refused) return error.result;
      throw error;
    }
    const cookie = await startUserSession(request, user, false);
    return redirect(user.redirectTo, { headers: { "Set-Cookie": cookie } });
  });
}

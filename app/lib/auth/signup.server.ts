// Signing up, with remix-auth's FormStrategy: a normalised, unused email and a password that
// passes the policy, hashed with argon2id. The new user is signed in at once.
import type { AppLoadContext } from "@remix-run/node";
import * as z from "zod/mini";
import { emitMetric } from "../observability/metrics.server";
import { consumeAll } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import type { SessionUser } from "../sessions/session.server";
import { getStore } from "../store/get-store.server";
import { authenticateForm, invalidForm, Refused } from "./authenticate-form.server";
import { emailField } from "./email";
import { formResult, tooManyAttempts, type FormResult } from "./form.server";
import { hashPassword } from "./password-hash.server";
import { MAX_PASSWORD_LENGTH, passwordProblem } from "./password-policy";
import { safeRedirect } from "./safe-redirect";
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

async function verify(form: FormData, ip: string): Promise<SignedUp> {
  const parsed = signupForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw invalidForm(form, parsed.error.issues);
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

/** POST /signup: what to show on the form, or a thrown redirect with the new session's cookie. */
export function signup(request: Request, context: AppLoadContext): Promise<FormResult> {
  return authenticateForm(request, context, "signup", verify);
}

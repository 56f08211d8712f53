// Signing up without telling anyone whether an email has an account: every valid request gets
// the same "check your inbox" page, after the same time, and no session. What arrives by mail
// differs: a new address gets its account (unverified; it can log in and keep history at once)
// and a verification link; an address with a live account gets a reset link instead (its
// password does not change); an address whose account was deleted and awaits the purge is told
// when it can be used again. Login says "no match" for that deleted account, as for any unknown.
import type { AppLoadContext } from "@remix-run/node";
import * as z from "zod/mini";
import { clientIp, rateLimitSubject } from "../http/client-ip";
import { deliver, linkOrigin } from "../email/deliver.server";
import { deletedAccountSignupMessage, signupAttemptMessage } from "../email/message";
import { emitMetric } from "../observability/metrics.server";
import { consumeAll } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { orUnavailable } from "../sessions/session.server";
import { getStore } from "../store/get-store.server";
import { issueToken } from "./account-tokens.server";
import { emailField } from "./email";
import { fieldErrorsOf, formResult, readAuthForm, tooManyAttempts, type FormResult } from "./form.server";
import { hashPassword } from "./password-hash.server";
import { MAX_PASSWORD_LENGTH, passwordProblem } from "./password-policy";
import { PURGE_AFTER_DAYS } from "./purge-deleted-users.server";
import { takingAtLeast } from "./uniform-time";
import { createUser, DuplicateEmailError, findAccountByEmail } from "./users.server";
import { sendVerification } from "./verify-email.server";

/** Above the usual time of the slowest path (hash, insert, token, SES call). */
export const SIGNUP_FLOOR_MS = 600;

export const checkInbox = (email: string) =>
  `Check your inbox: we have sent a message to ${email} with what to do next. If you do not see it in a few minutes, look in the spam folder.`;

const signupForm = z.object({
  email: emailField,
  password: z
    .string({ error: "Choose a password." })
    .check(z.maxLength(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`)),
  redirectTo: z.optional(z.string().check(z.maxLength(2048))),
});

async function signUpOrNotify(request: Request, email: string, password: string): Promise<void> {
  // Hashed in every case, so each path spends the same CPU.
  const passwordHash = await hashPassword(password);
  const existing = await findAccountByEmail(email);
  const origin = linkOrigin(request);
  if (existing?.deletedAt) {
    const reusable = new Date(existing.deletedAt.getTime() + PURGE_AFTER_DAYS * 86_400_000).toISOString().slice(0, 10);
    await deliver(deletedAccountSignupMessage(email, `${origin}/signup`, reusable), "signup-deleted");
    return;
  }
  if (existing) {
    const token = await issueToken(existing.id, "password-reset");
    await deliver(signupAttemptMessage(email, `${origin}/reset-password?${new URLSearchParams({ token })}`), "signup-existing");
    return;
  }
  try {
    const user = await createUser(email, passwordHash);
    emitMetric("UserRegistered");
    await sendVerification(request, user);
  } catch (error) {
    // Two sign-ups racing for one address: the other one made the account and its mail.
    if (!(error instanceof DuplicateEmailError)) throw error;
  }
}

/** POST /signup: the form's answer; never a session. */
export function signup(request: Request, context: AppLoadContext): Promise<FormResult> {
  return orUnavailable(async () => {
    const fields = await readAuthForm(request);
    if (!(fields instanceof URLSearchParams)) return fields;
    const parsed = signupForm.safeParse(Object.fromEntries(fields));
    if (!parsed.success) {
      const typed = fields.get("email")?.slice(0, 254);
      return formResult(400, { fieldErrors: fieldErrorsOf(parsed.error.issues), email: typed });
    }
    const { email, password } = parsed.data;
    const problem = passwordProblem(password, email);
    if (problem) return formResult(400, { fieldErrors: { password: problem }, email });

    const limit = await consumeAll(await getStore(), [
      [activeRule("signupIp"), rateLimitSubject(clientIp(context))],
      [activeRule("signupEmail"), email],
    ]);
    if (!limit.allowed) return tooManyAttempts(limit.retryAfterSeconds, "sign-up attempts", email);

    await takingAtLeast(SIGNUP_FLOOR_MS, () => signUpOrNotify(request, email, password));
    return formResult(200, { fieldErrors: {}, notice: checkInbox(email), email });
  });
}

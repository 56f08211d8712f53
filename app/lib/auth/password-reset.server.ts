// Password reset: /forgot-password mails a single-use link (account-tokens.server.ts: stored
// hashed, 1 hour, one per user at a time, gone after a password change); /reset-password sets a
// new password under the sign-up policy and ends every session of the user. The request's answer
// is the same, and takes as long, whether or not the email has an live account; requests are
// limited per email and per address.
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import * as z from "zod/mini";
import { clientIp, rateLimitSubject } from "../http/client-ip";
import { linkOrigin, deliver } from "../email/deliver.server";
import { passwordResetMessage } from "../email/message";
import { consumeAll } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { endUserSessions, orUnavailable } from "../sessions/session.server";
import { getStore } from "../store/get-store.server";
import { revokeUserTokens } from "../tokens/revoke.server";
import { consumeToken, issueToken, peekToken, TOKEN_LIFETIME_MS } from "./account-tokens.server";
import { emailField } from "./email";
import { forgetEmailFailures } from "./login-limits.server";
import { fieldErrorsOf, formResult, readAuthForm, tooManyAttempts, type FormResult } from "./form.server";
import { hashPassword } from "./password-hash.server";
import { MAX_PASSWORD_LENGTH, passwordProblem } from "./password-policy";
import { takingAtLeast } from "./uniform-time";
import { changePassword, findLiveUserByEmail } from "./users.server";

/** Above the usual time of a token write plus an SES call, so both answers take the same time. */
export const FORGOT_PASSWORD_FLOOR_MS = 400;

const RESET_MINUTES = TOKEN_LIFETIME_MS["password-reset"] / 60_000;

export const resetRequestedNotice = (email: string) =>
  `If ${email} belongs to an account, we have sent it a link to choose a new password. It works once, for ${RESET_MINUTES} minutes. Check your inbox (and the spam folder).`;

export const LINK_NOT_VALID =
  "This password reset link is not valid any more: it was used, it expired, or a newer one was sent. Ask for a new link below.";

const forgotForm = z.object({ email: emailField });

/** Mails a reset link to `email` when it has a live account; does nothing otherwise. */
export async function sendPasswordReset(request: Request, email: string): Promise<void> {
  const user = await findLiveUserByEmail(email);
  if (!user) return;
  const token = await issueToken(user.id, "password-reset");
  const url = `${linkOrigin(request)}/reset-password?${new URLSearchParams({ token })}`;
  await deliver(passwordResetMessage(user.email, url, RESET_MINUTES), "password-reset");
}

/** POST /forgot-password. */
export function requestPasswordReset(request: Request, context: AppLoadContext): Promise<FormResult> {
  return orUnavailable(async () => {
    const fields = await readAuthForm(request);
    if (!(fields instanceof URLSearchParams)) return fields;
    const parsed = forgotForm.safeParse(Object.fromEntries(fields));
    if (!parsed.success) return formResult(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
    const { email } = parsed.data;
    const limit = await consumeAll(await getStore(), [
      [activeRule("resetIp"), rateLimitSubject(clientIp(context))],
      [activeRule("resetEmail"), email],
    ]);
    if (!limit.allowed) return tooManyAttempts(limit.retryAfterSeconds, "password reset requests", email);
    await takingAtLeast(FORGOT_PASSWORD_FLOOR_MS, () => sendPasswordReset(request, email));
    return formResult(200, { fieldErrors: {}, notice: resetRequestedNotice(email), email });
  });
}

export type ResetLinkView = { token: string; valid: boolean };

/** GET /reset-password?token=…: whether to show the form or "ask for a new link". */
export async function loadResetLink(request: Request): Promise<ResetLinkView> {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const valid = token.length > 0 && (await peekToken(token, "password-reset")) !== null;
  return { token: valid ? token : "", valid };
}

const resetForm = z.object({
  token: z.string({ error: LINK_NOT_VALID }).check(z.maxLength(100, LINK_NOT_VALID)),
  password: z
    .string({ error: "Choose a new password." })
    .check(z.maxLength(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`)),
});

/** POST /reset-password: a form answer, or a thrown redirect to the login page once the password is set. */
export function resetPassword(request: Request): Promise<FormResult> {
  return orUnavailable(async () => {
    const fields = await readAuthForm(request);
    if (!(fields instanceof URLSearchParams)) return fields;
    const parsed = resetForm.safeParse(Object.fromEntries(fields));
    if (!parsed.success) return formResult(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
    const { token, password } = parsed.data;
    const owner = await peekToken(token, "password-reset");
    if (!owner) return formResult(400, { fieldErrors: {}, formError: LINK_NOT_VALID });
    // The policy first: a refused password leaves the link usable.
    const problem = passwordProblem(password, owner.email);
    if (problem) return formResult(400, { fieldErrors: { password: problem } });
    if (!(await consumeToken(token, "password-reset", owner.userId))) return formResult(400, { fieldErrors: {}, formError: LINK_NOT_VALID });
    await changePassword(owner.userId, await hashPassword(password));
    // Whoever held a session may be why the owner is resetting: all of them end, this browser's too.
    await endUserSessions(owner.userId);
    await revokeUserTokens(owner.userId); // API tokens too: whoever held them may have known the old password
    // The owner proved control of the mailbox: earlier failed logins stop counting against them.
    await forgetEmailFailures(await getStore(), owner.email);
    throw redirect("/login?reset=1");
  });
}

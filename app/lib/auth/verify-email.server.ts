// Email verification: a link valid 24 hours (account-tokens.server.ts), sent at sign-up and
// again on request from /account. Opening it marks the address verified; nothing else needs it
// but the Premium upgrade.
import { redirect } from "@remix-run/node";
import { deliver, linkOrigin } from "../email/deliver.server";
import { verifyEmailMessage } from "../email/message";
import { consume } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { getSessionUser } from "../sessions/session.server";
import { getStore } from "../store/get-store.server";
import { consumeToken, issueToken, peekToken, TOKEN_LIFETIME_MS } from "./account-tokens.server";
import { formResult, tooManyAttempts, type FormResult } from "./form.server";
import { markEmailVerified } from "./users.server";

const VALID_HOURS = TOKEN_LIFETIME_MS["verify-email"] / 3_600_000;

export async function sendVerification(request: Request, user: { id: string; email: string }): Promise<boolean> {
  const token = await issueToken(user.id, "verify-email");
  const url = `${linkOrigin(request)}/verify-email?${new URLSearchParams({ token })}`;
  return deliver(verifyEmailMessage(user.email, url, VALID_HOURS), "verify-email");
}

/** /account's "send the link again": limited per account, as each sends a mail. */
export async function resendVerification(request: Request, user: { id: string; email: string; emailVerifiedAt: Date | null }): Promise<FormResult> {
  if (user.emailVerifiedAt) return formResult(400, { fieldErrors: {}, formError: "Your email address is already confirmed." });
  const limit = await consume(await getStore(), activeRule("verifyEmailResend"), user.id);
  if (!limit.allowed) return tooManyAttempts(limit.retryAfterSeconds, "confirmation emails");
  await sendVerification(request, user);
  return formResult(200, { fieldErrors: {}, notice: `We sent a new confirmation link to ${user.email}. It works for ${VALID_HOURS} hours.` });
}

/** GET /verify-email?token=…: marks the address verified and goes on, or says the link is not valid. */
export async function verifyEmail(request: Request): Promise<{ valid: false }> {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const owner = await peekToken(token, "verify-email");
  if (owner && (await consumeToken(token, "verify-email", owner.userId))) {
    await markEmailVerified(owner.userId);
    const signedIn = await getSessionUser(request).catch(() => null);
    throw redirect(signedIn?.id === owner.userId ? "/account?verified=1" : "/login?verified=1");
  }
  return { valid: false };
}

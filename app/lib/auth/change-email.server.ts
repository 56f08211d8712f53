// Changing the sign-in email: the password confirms the request, a link valid 24 hours goes to
// the new address, and the old address is told at once. The email changes only when the link is
// opened; then every session ends (they carry the old address) and the new one counts as
// confirmed. Whether the new address already has an account is not revealed: the answer is the
// same, but no link is sent to a taken address.
import { redirect } from "@remix-run/node";
import { deliver, linkOrigin } from "../email/deliver.server";
import { emailChangedMessage, verifyEmailMessage } from "../email/message";
import { getPrisma } from "../db/client.server";
import { consume } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { endUserSessions } from "../sessions/session.server";
import { getStore } from "../store/get-store.server";
import { consumeToken, issueToken, peekToken } from "./account-tokens.server";
import { formResult, tooManyAttempts, type FormResult } from "./form.server";
import { emailTaken, type StoredUser } from "./users.server";

/** "b…@example.com": enough for the owner to recognise, not the whole address. */
export const addressHint = (email: string) => {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}…@${domain}`;
};

export async function requestEmailChange(request: Request, user: StoredUser, newEmail: string): Promise<FormResult> {
  if (newEmail === user.email) return formResult(400, { fieldErrors: { newEmail: "That is already your email address." } });
  const limit = await consume(await getStore(), activeRule("verifyEmailResend"), user.id);
  if (!limit.allowed) return tooManyAttempts(limit.retryAfterSeconds, "email change requests");
  const origin = linkOrigin(request);
  if (!(await emailTaken(newEmail))) {
    const token = await issueToken(user.id, "change-email", undefined, newEmail);
    await deliver(verifyEmailMessage(newEmail, `${origin}/confirm-email?${new URLSearchParams({ token })}`, 24), "change-email");
  }
  await deliver(emailChangedMessage(user.email, addressHint(newEmail), `${origin}/account`), "email-changing");
  return formResult(200, {
    fieldErrors: {},
    notice: `We sent a link to ${newEmail}: your email changes when you open it (within 24 hours). ${user.email} was told.`,
  });
}

/** GET /confirm-email?token=…: moves the account to the new address, or says the link is not valid. */
export async function confirmEmailChange(request: Request): Promise<{ valid: false }> {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const pending = await peekToken(token, "change-email");
  if (!pending?.newEmail || !(await consumeToken(token, "change-email", pending.userId))) return { valid: false };
  const prisma = await getPrisma();
  try {
    await prisma.user.updateMany({ where: { id: pending.userId, deletedAt: null }, data: { email: pending.newEmail, emailVerifiedAt: new Date() } });
  } catch (error) {
    // The address was taken after the link was sent: the unique index decides.
    if ((error as { code?: unknown }).code === "P2002") return { valid: false };
    throw error;
  }
  await endUserSessions(pending.userId);
  throw redirect("/login?emailChanged=1");
}

// The account page: confirm the email address (re-send the link), the list of sessions (end
// any one), change password (needs the current one; other sessions and every API token end), log
// out everywhere (API tokens too), and delete the account (needs the password; a soft delete, then
// every session and API token ends, and the purge job removes the row after 30 days).
import { redirect } from "@remix-run/node";
import * as z from "zod/mini";
import { cancelSubscriptionsBeforeDeletion } from "../billing/cancel-subscription.server";
import { consume, reset } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { getStore } from "../store/get-store.server";
import { resendVerification } from "./verify-email.server";
import { requestEmailChange } from "./change-email.server";
import { emailField } from "./email";
import { admitGuess, confirmEnrollment, disableTwoFactor, enrollment, hasPendingEnrollment, recoveryCodesLeft, twoFactorSecret, verifySecondFactor } from "./two-factor.server";
import { fieldErrorsOf, formResult, readAuthForm, tooManyAttempts, type FormResult } from "./form.server";
import { hashPassword, verifyPassword } from "./password-hash.server";
import { currentPasswordField, MAX_PASSWORD_LENGTH, passwordProblem } from "./password-policy";
import { deviceLabel } from "../sessions/device-label";
import { endSession, endUserSessionByHandle, endUserSessions, getSession, listUserSessions, orUnavailable, requireSessionUser } from "../sessions/session.server";
import { changePassword, emailVerifiedAt, findLiveUserById, softDeleteUser, type StoredUser } from "./users.server";
import { revokeUserTokens } from "../tokens/revoke.server";

export type SessionRow = { handle: string; createdAt: string; lastSeenAt: string; device: string; current: boolean };
export type TwoFactorView = { enabled: boolean; recoveryCodesLeft: number; enrollment: { qrSvgDataUri: string; secret: string } | null };
export type AccountView = {
  email: string;
  createdAt: string;
  emailVerified: boolean;
  justVerified: boolean;
  sessions: SessionRow[];
  twoFactor: TwoFactorView;
};

const accountForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("change-password"),
    currentPassword: currentPasswordField,
    newPassword: z
      .string({ error: "Choose a new password." })
      .check(z.maxLength(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`)),
  }),
  z.object({ intent: z.literal("logout-everywhere") }),
  z.object({ intent: z.literal("resend-verification") }),
  z.object({ intent: z.literal("change-email"), newEmail: emailField, password: currentPasswordField }),
  z.object({ intent: z.literal("totp-start") }),
  z.object({ intent: z.literal("totp-confirm"), code: z.string({ error: "Enter the code." }).check(z.maxLength(64, "Enter the code.")) }),
  z.object({ intent: z.literal("totp-disable"), code: z.string({ error: "Enter a code." }).check(z.maxLength(64, "Enter a code.")) }),
  z.object({ intent: z.literal("end-session"), session: z.string({ error: "Choose a session." }).check(z.regex(/^[A-Za-z0-9_-]{22}$/, "Choose a session.")) }),
  z.object({ intent: z.literal("delete-account"), password: currentPasswordField }),
]);

/** The live user behind this request's session; a session whose account is gone is ended. */
async function requireAccount(request: Request): Promise<{ user: StoredUser }> {
  const session = await requireSessionUser(request);
  const user = await findLiveUserById(session.id);
  if (user) return { user };
  const cookie = await orUnavailable(() => endSession(request));
  throw redirect("/login", { headers: { "Set-Cookie": cookie } });
}

export async function loadAccount(request: Request): Promise<AccountView> {
  const { user } = await requireAccount(request);
  return {
    email: user.email,
    createdAt: user.createdAt.toISOString(),
    emailVerified: (await emailVerifiedAt(user.id)) !== null,
    justVerified: new URL(request.url).searchParams.has("verified"),
    twoFactor: await orUnavailable(() => twoFactorView(user)),
    sessions: await orUnavailable(async () => {
      const current = await getSession(request);
      return (await listUserSessions(user.id, current.id)).map((s) => ({
        handle: s.handle,
        createdAt: new Date(s.createdAt).toISOString(),
        lastSeenAt: new Date(s.lastSeenAt).toISOString(),
        device: deviceLabel(s.userAgent),
        current: s.current,
      }));
    }),
  };
}

async function twoFactorView(user: StoredUser): Promise<TwoFactorView> {
  if (await twoFactorSecret(user.id)) return { enabled: true, recoveryCodesLeft: await recoveryCodesLeft(user.id), enrollment: null };
  if (!(await hasPendingEnrollment(user.id))) return { enabled: false, recoveryCodesLeft: 0, enrollment: null };
  const { qrSvgDataUri, secret } = await enrollment(user.id, user.email);
  return { enabled: false, recoveryCodesLeft: 0, enrollment: { qrSvgDataUri, secret } };
}

async function twoFactorAction(user: StoredUser, form: { intent: "totp-start" | "totp-confirm" | "totp-disable"; code?: string }): Promise<FormResult> {
  const enabled = (await twoFactorSecret(user.id)) !== null;
  if (form.intent === "totp-start") {
    if (enabled) return formResult(400, { fieldErrors: {}, formError: "Two-factor sign-in is already on." });
    await enrollment(user.id, user.email, true);
    return formResult(200, { fieldErrors: {}, notice: "Scan the code with your authenticator app, then enter the code it shows." });
  }
  const limit = await admitGuess(user.id);
  if (!limit.allowed) return tooManyAttempts(limit.retryAfterSeconds, "code attempts");
  if (form.intent === "totp-confirm") {
    const codes = await confirmEnrollment(user.id, form.code ?? "");
    if (!codes) return formResult(400, { fieldErrors: { code: "That code is not right (or the set-up expired): try the current code." } });
    return formResult(200, { fieldErrors: {}, notice: "Two-factor sign-in is on.", recoveryCodes: codes });
  }
  if (!enabled) return formResult(400, { fieldErrors: {}, formError: "Two-factor sign-in is already off." });
  if (!(await verifySecondFactor(user.id, form.code ?? ""))) return formResult(400, { fieldErrors: { code: "That code is not right." } });
  await disableTwoFactor(user.id);
  return formResult(200, { fieldErrors: {}, notice: "Two-factor sign-in is off." });
}

/** Checks the password typed to confirm a change; wrong guesses are limited per user. */
async function confirmPassword(user: StoredUser, password: string, field: string): Promise<FormResult | null> {
  const store = await getStore();
  // Counted per signed-in user, apart from the login limits: failed logins by anyone else
  // never block the owner's confirmations here.
  const limit = await consume(store, activeRule("accountPassword"), user.id);
  if (!limit.allowed) return tooManyAttempts(limit.retryAfterSeconds, "password attempts");
  if (!(await verifyPassword(password, user.passwordHash))) {
    return formResult(400, { fieldErrors: { [field]: "That is not your current password." } });
  }
  await reset(store, activeRule("accountPassword"), user.id);
  return null;
}

/** What to show on the account page, or a thrown redirect (logged out, account deleted). */
export async function accountAction(request: Request): Promise<FormResult> {
  const { user } = await requireAccount(request);
  return orUnavailable(async () => {
    const fields = await readAuthForm(request);
    if (!(fields instanceof URLSearchParams)) return fields;
    const intent = fields.get("intent") ?? undefined;
    const parsed = accountForm.safeParse(Object.fromEntries(fields));
    if (!parsed.success) return formResult(400, { fieldErrors: fieldErrorsOf(parsed.error.issues), intent });
    const result = await perform(request, user, parsed.data);
    return { ...result, intent };
  });
}

async function perform(request: Request, user: StoredUser, form: z.infer<typeof accountForm>): Promise<FormResult> {
  if (form.intent === "logout-everywhere") {
    await endUserSessions(user.id);
    await revokeUserTokens(user.id);
    const cookie = await endSession(request);
    throw redirect("/login?loggedOut=everywhere", { headers: { "Set-Cookie": cookie } });
  }

  if (form.intent === "change-email") {
    const refused = await confirmPassword(user, form.password, "password");
    if (refused) return refused;
    return requestEmailChange(request, user, form.newEmail);
  }

  if (form.intent === "totp-start" || form.intent === "totp-confirm" || form.intent === "totp-disable") return twoFactorAction(user, form);

  if (form.intent === "end-session") {
    const current = await getSession(request);
    const ended = await endUserSessionByHandle(user.id, form.session, current.id);
    if (!ended) return formResult(404, { fieldErrors: {}, formError: "That session had already ended." });
    if (ended.current) throw redirect("/login", { headers: { "Set-Cookie": await endSession(request) } });
    return formResult(200, { fieldErrors: {}, notice: "The session was ended: that device is logged out." });
  }

  if (form.intent === "resend-verification") {
    return resendVerification(request, { ...user, emailVerifiedAt: await emailVerifiedAt(user.id) });
  }

  if (form.intent === "delete-account") {
    const refused = await confirmPassword(user, form.password, "password");
    if (refused) return refused;
    // Never charge a deleted account: cancel at Stripe first; if that fails, delete nothing.
    const billingProblem = await cancelSubscriptionsBeforeDeletion(user.id);
    if (billingProblem) return formResult(503, { fieldErrors: {}, formError: billingProblem, intent: "delete-account" });
    await softDeleteUser(user.id);
    await endUserSessions(user.id);
    await revokeUserTokens(user.id);
    const cookie = await endSession(request);
    throw redirect("/login?deleted=1", { headers: { "Set-Cookie": cookie } });
  }

  const refused = await confirmPassword(user, form.currentPassword, "currentPassword");
  if (refused) return refused;
  const problem =
    form.newPassword === form.currentPassword
      ? "Choose a password different from your current one."
      : passwordProblem(form.newPassword, user.email);
  if (problem) return formResult(400, { fieldErrors: { newPassword: problem } });
  await changePassword(user.id, await hashPassword(form.newPassword));
  // Whoever else held a session may have known the old password.
  const current = await getSession(request);
  const ended = await endUserSessions(user.id, current.id);
  await revokeUserTokens(user.id);
  return formResult(200, {
    fieldErrors: {},
    notice: `Your password was changed.${ended > 0 ? ` ${ended === 1 ? "1 other session was" : `${ended} other sessions were`} logged out.` : ""}`,
  });
}

/** POST /logout. */
export async function logout(request: Request): Promise<Response> {
  const cookie = await orUnavailable(() => endSession(request));
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { buttonClass, dangerButtonClass, Field, FormMessage } from "~/components/auth/Field";
import { passOnHeaders } from "~/lib/http/pass-on-headers";
import { formResponse } from "~/lib/auth/form.server";
import { MIN_PASSWORD_LENGTH } from "~/lib/auth/password-length";
import { lazy } from "~/lib/lazy";

const accountModule = lazy(() => import("~/lib/auth/account.server"));

export const meta: MetaFunction = () => [{ title: "Account · CalcApp" }];
export const headers = passOnHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const { loadAccount } = await accountModule();
  return loadAccount(request);
}

export async function action({ request }: ActionFunctionArgs) {
  const { accountAction } = await accountModule();
  return formResponse(await accountAction(request));
}

export default function AccountPage() {
  const account = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const about = (intent: string) => (result?.intent === intent ? result : undefined);
  const changed = about("change-password");
  const deleting = about("delete-account");
  const resent = about("resend-verification");
  const endedSession = about("end-session");
  const changingEmail = about("change-email");
  const twoFactor = about("totp-start") ?? about("totp-confirm") ?? about("totp-disable");
  const when = (iso: string) => new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
  const since = new Date(account.createdAt).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Your account</h1>
        <p className="mt-1 text-ink-muted">
          Signed in as <strong>{account.email}</strong>, a member since {since}.
        </p>
      </div>

      <section aria-labelledby="email-address" className="space-y-3 rounded-lg bg-surface p-6 shadow">
        <h2 id="email-address" className="text-lg font-medium">
          Email address
        </h2>
        <FormMessage error={resent?.formError} notice={resent?.notice ?? (account.justVerified && account.emailVerified ? "Thank you: your email address is confirmed." : null)} />
        {account.emailVerified ? (
          <p className="text-sm text-ink-muted" data-testid="email-status">
            {account.email} is confirmed.
          </p>
        ) : (
          <>
            <p className="text-sm text-ink-muted" data-testid="email-status">
              {account.email} is not confirmed yet: open the link we mailed you. Upgrading to Premium needs a confirmed address.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="resend-verification" />
              <button type="submit" className={buttonClass} disabled={busy}>
                Send the link again
              </button>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="change-email" className="space-y-4 rounded-lg bg-surface p-6 shadow">
        <h2 id="change-email" className="text-lg font-medium">
          Change email
        </h2>
        <FormMessage error={changingEmail?.formError} notice={changingEmail?.notice} />
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="change-email" />
          <Field name="newEmail" label="New email" type="email" autoComplete="email" error={changingEmail?.fieldErrors.newEmail} />
          <Field name="password" idPrefix="email-" label="Your password" type="password" autoComplete="current-password" error={changingEmail?.fieldErrors.password} />
          <button type="submit" className={buttonClass} disabled={busy}>
            Send a confirmation link
          </button>
        </Form>
      </section>

      <section aria-labelledby="change-password" className="space-y-4 rounded-lg bg-surface p-6 shadow">
        <h2 id="change-password" className="text-lg font-medium">
          Change password
        </h2>
        <FormMessage error={changed?.formError} notice={changed?.notice} />
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="change-password" />
          <Field
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            error={changed?.fieldErrors.currentPassword}
          />
          <Field
            name="newPassword"
            label="New password"
            type="password"
            autoComplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. Other devices will be logged out.`}
            error={changed?.fieldErrors.newPassword}
          />
          <button type="submit" className={buttonClass} disabled={busy}>
            Change password
          </button>
        </Form>
      </section>

      <section aria-labelledby="two-factor" className="space-y-3 rounded-lg bg-surface p-6 shadow">
        <h2 id="two-factor" className="text-lg font-medium">
          Two-factor sign-in
        </h2>
        <FormMessage error={twoFactor?.formError} notice={twoFactor?.notice} />
        {twoFactor?.recoveryCodes ? (
          <div className="space-y-2">
            <p className="text-sm text-ink-muted">Your recovery codes, each good for one login without your app. Keep them somewhere safe: they are shown only now.</p>
            <ul className="grid grid-cols-2 gap-1 font-mono text-sm" data-testid="recovery-codes">
              {twoFactor.recoveryCodes.map((code) => (
                <li key={code}>{code}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {account.twoFactor.enabled ? (
          <>
            <p className="text-sm text-ink-muted" data-testid="two-factor-status">
              On. {account.twoFactor.recoveryCodesLeft} recovery codes left.
            </p>
            <Form method="post" className="space-y-3" noValidate>
              <input type="hidden" name="intent" value="totp-disable" />
              <Field name="code" idPrefix="disable-" label="A code from your app, or a recovery code, to turn it off" type="text" autoComplete="one-time-code" error={about("totp-disable")?.fieldErrors.code} />
              <button type="submit" className={buttonClass} disabled={busy}>
                Turn off two-factor sign-in
              </button>
            </Form>
          </>
        ) : account.twoFactor.enrollment ? (
          <>
            <img src={account.twoFactor.enrollment.qrSvgDataUri} alt="QR code to scan with your authenticator app" width={200} height={200} />
            <p className="text-sm text-ink-muted">
              Or type this key: <code data-testid="totp-secret">{account.twoFactor.enrollment.secret}</code>
            </p>
            <Form method="post" className="space-y-3" noValidate>
              <input type="hidden" name="intent" value="totp-confirm" />
              <Field name="code" idPrefix="confirm-" label="Code from your app" type="text" autoComplete="one-time-code" error={about("totp-confirm")?.fieldErrors.code} />
              <button type="submit" className={buttonClass} disabled={busy}>
                Turn on two-factor sign-in
              </button>
            </Form>
          </>
        ) : (
          <>
            <p className="text-sm text-ink-muted" data-testid="two-factor-status">
              Off. With it on, logging in also asks for a code from an authenticator app.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="totp-start" />
              <button type="submit" className={buttonClass} disabled={busy}>
                Set up two-factor sign-in
              </button>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="sessions" className="space-y-3 rounded-lg bg-surface p-6 shadow">
        <h2 id="sessions" className="text-lg font-medium">
          Sessions
        </h2>
        <FormMessage error={endedSession?.formError} notice={endedSession?.notice} />
        <ul className="divide-y divide-line" data-testid="sessions">
          {account.sessions.map((s) => (
            <li key={s.handle} className="flex items-center justify-between gap-4 py-2 text-sm" data-testid="session">
              <div>
                <p className="font-medium">
                  {s.device}
                  {s.current ? <span className="ml-2 rounded bg-success-soft px-2 py-0.5 text-xs text-success">This browser</span> : null}
                </p>
                <p className="text-ink-muted">
                  Signed in {when(s.createdAt)} · last seen {when(s.lastSeenAt)}
                </p>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="end-session" />
                <input type="hidden" name="session" value={s.handle} />
                <button type="submit" className="rounded border border-line px-3 py-1 text-sm hover:bg-surface-muted" disabled={busy} aria-label={`End the session: ${s.device}, signed in ${when(s.createdAt)}`}>
                  End
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <p className="text-sm text-ink-muted">Lost a device, or used a shared computer? End every session, this one included.</p>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className={buttonClass} disabled={busy}>
            Log out everywhere
          </button>
        </Form>
      </section>

      <section aria-labelledby="delete-account" className="space-y-4 rounded-lg border border-danger bg-surface p-6 shadow">
        <h2 id="delete-account" className="text-lg font-medium text-danger">
          Delete account
        </h2>
        <p className="text-sm text-ink-muted">
          You are logged out everywhere and can no longer log in. Your history is erased for good after 30 days.
        </p>
        <FormMessage error={deleting?.formError} />
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="delete-account" />
          <Field
            name="password"
            idPrefix="delete-"
            label="Password, to confirm"
            type="password"
            autoComplete="current-password"
            error={deleting?.fieldErrors.password}
          />
          <button type="submit" className={dangerButtonClass} disabled={busy}>
            Delete my account
          </button>
        </Form>
      </section>
    </section>
  );
}

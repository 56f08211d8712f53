import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { buttonClass, Field, FormMessage } from "~/components/auth/Field";
import { passOnHeaders } from "~/lib/http/pass-on-headers";
import { formResponse } from "~/lib/auth/form.server";
import { MIN_PASSWORD_LENGTH } from "~/lib/auth/password-length";
import { lazy } from "~/lib/lazy";

const passwordResetModule = lazy(() => import("~/lib/auth/password-reset.server"));

// No "no-referrer" here: it would make the browser send "Origin: null" with the form, which the
// CSRF check refuses; the site's strict-origin-when-cross-origin already keeps the token in the URL
// from other sites.
export const meta: MetaFunction = () => [{ title: "Choose a new password · CalcApp" }];
export const headers = passOnHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const { loadResetLink } = await passwordResetModule();
  return loadResetLink(request);
}

export async function action({ request }: ActionFunctionArgs) {
  const { resetPassword } = await passwordResetModule();
  return formResponse(await resetPassword(request));
}

export default function ResetPasswordPage() {
  const { token, valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-lg bg-surface p-6 shadow">
      <h1 className="text-2xl font-semibold">Choose a new password</h1>
      {valid ? (
        <>
          <FormMessage error={result?.formError} />
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="token" value={token} />
            <Field
              name="password"
              label="New password"
              type="password"
              autoComplete="new-password"
              hint={`At least ${MIN_PASSWORD_LENGTH} characters. Common passwords are refused. Every device signed in to your account will be logged out.`}
              error={result?.fieldErrors.password}
            />
            <button type="submit" className={buttonClass} disabled={busy}>
              Set my new password
            </button>
          </Form>
        </>
      ) : (
        <FormMessage error="This password reset link is not valid any more: it was used, it expired, or a newer one was sent." />
      )}
      <p className="text-sm text-ink-muted">
        <Link to="/forgot-password" className="text-primary underline">
          Ask for a new link
        </Link>
      </p>
    </section>
  );
}

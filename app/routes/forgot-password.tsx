import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { buttonClass, Field, FormMessage } from "~/components/auth/Field";
import { passOnHeaders } from "~/lib/http/pass-on-headers";
import { formResponse } from "~/lib/auth/form.server";
import { requireAnonymous } from "~/lib/auth/require-anonymous.server";
import { lazy } from "~/lib/lazy";

const passwordResetModule = lazy(() => import("~/lib/auth/password-reset.server"));

export const meta: MetaFunction = () => [{ title: "Forgot your password · CalcApp" }];
export const headers = passOnHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request, "/account");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { requestPasswordReset } = await passwordResetModule();
  return formResponse(await requestPasswordReset(request, context));
}

export default function ForgotPasswordPage() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-lg bg-surface p-6 shadow">
      <h1 className="text-2xl font-semibold">Forgot your password?</h1>
      <p className="text-sm text-ink-muted">Enter the email of your account: we will mail you a link to choose a new password.</p>
      <FormMessage error={result?.formError} notice={result?.notice} />
      <Form method="post" className="space-y-4" noValidate>
        <Field name="email" label="Email" type="email" autoComplete="email" defaultValue={result?.email} error={result?.fieldErrors.email} />
        <button type="submit" className={buttonClass} disabled={busy}>
          Send me a link
        </button>
      </Form>
      <p className="text-sm text-ink-muted">
        <Link to="/login" className="text-primary underline">
          Back to log in
        </Link>
      </p>
    </section>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { buttonClass, Field, FormMessage } from "~/components/auth/Field";
import { passOnHeaders } from "~/lib/http/pass-on-headers";
import { formResponse } from "~/lib/auth/form.server";
import { lazy } from "~/lib/lazy";

const loginSecondStepModule = lazy(() => import("~/lib/auth/login-second-step.server"));

export const meta: MetaFunction = () => [{ title: "Two-factor code · CalcApp" }];
export const headers = passOnHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const { loadSecondStep } = await loginSecondStepModule();
  return loadSecondStep(request);
}

export async function action({ request }: ActionFunctionArgs) {
  const { completeSecondStep } = await loginSecondStepModule();
  return formResponse(await completeSecondStep(request));
}

export default function TwoFactorPage() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-lg bg-surface p-6 shadow">
      <h1 className="text-2xl font-semibold">Two-factor code</h1>
      <p className="text-sm text-ink-muted">Enter the 6-digit code your authenticator app shows for {email}, or one of your recovery codes.</p>
      <FormMessage error={result?.formError} />
      <Form method="post" className="space-y-4" noValidate>
        <Field name="code" label="Code" type="text" autoComplete="one-time-code" error={result?.fieldErrors.code} />
        <button type="submit" className={buttonClass} disabled={busy}>
          Log in
        </button>
      </Form>
      <p className="text-sm text-ink-muted">
        <Link to="/login" className="text-primary underline">
          Start again
        </Link>
      </p>
    </section>
  );
}

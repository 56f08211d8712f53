import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { buttonClass, Field, FormMessage } from "~/components/auth/Field";
import { passOnHeaders } from "~/lib/http/pass-on-headers";
import { formResponse } from "~/lib/auth/form.server";
import { MIN_PASSWORD_LENGTH } from "~/lib/auth/password-length";
import { safeRedirect } from "~/lib/auth/safe-redirect";
import { requireAnonymous } from "~/lib/auth/require-anonymous.server";
import { lazy } from "~/lib/lazy";

const signupModule = lazy(() => import("~/lib/auth/signup.server"));

export const meta: MetaFunction = () => [{ title: "Sign up · CalcApp" }];
export const headers = passOnHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  await requireAnonymous(request, redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { signup } = await signupModule();
  return formResponse(await signup(request, context));
}

export default function SignupPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const loginHref = redirectTo ? `/login?${new URLSearchParams({ redirectTo })}` : "/login";
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-lg bg-surface p-6 shadow">
      <h1 className="text-2xl font-semibold">Sign up</h1>
      <FormMessage error={result?.formError} notice={result?.notice} />
      {result?.notice ? null : (
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Field name="email" label="Email" type="email" autoComplete="email" defaultValue={result?.email} error={result?.fieldErrors.email} />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. Common passwords are refused.`}
            error={result?.fieldErrors.password}
          />
          <button type="submit" className={buttonClass} disabled={busy}>
            Sign up
          </button>
        </Form>
      )}
      <p className="text-sm text-ink-muted">
        Already have an account?{" "}
        <Link to={loginHref} className="text-primary underline">
          Log in
        </Link>
      </p>
    </section>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { buttonClass, Field, FormMessage } from "~/components/auth/Field";
import { passOnHeaders } from "~/lib/http/pass-on-headers";
import { formResponse } from "~/lib/auth/form.server";
import { safeRedirect } from "~/lib/auth/safe-redirect";
import { requireAnonymous } from "~/lib/auth/require-anonymous.server";
import { lazy } from "~/lib/lazy";

const loginModule = lazy(() => import("~/lib/auth/login.server"));

export const meta: MetaFunction = () => [{ title: "Log in · CalcApp" }];
export const headers = passOnHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const redirectTo = safeRedirect(params.get("redirectTo"), "");
  await requireAnonymous(request, redirectTo);
  const notice = params.has("deleted")
    ? "Your account was deleted."
    : params.has("emailChanged")
      ? "Your email address was changed and every device was logged out. Log in with the new address."
      : params.has("verified")
      ? "Thank you: your email address is confirmed. Log in to continue."
      : params.has("reset")
        ? "Your password was changed and every device was logged out. Log in with your new password."
        : params.get("loggedOut") === "everywhere"
          ? "You were logged out on every device."
          : null;
  return { redirectTo, notice };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Loaded on demand: hashing, remix-auth, the store and Prisma stay out of a guest's cold start.
  const { login } = await loginModule();
  return formResponse(await login(request, context));
}

export default function LoginPage() {
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const signupHref = redirectTo ? `/signup?${new URLSearchParams({ redirectTo })}` : "/signup";
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-lg bg-surface p-6 shadow">
      <h1 className="text-2xl font-semibold">Log in</h1>
      <FormMessage error={result?.formError} notice={result ? null : notice} />
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" label="Email" type="email" autoComplete="email" defaultValue={result?.email} error={result?.fieldErrors.email} />
        <Field name="password" label="Password" type="password" autoComplete="current-password" error={result?.fieldErrors.password} />
        <div className="flex items-center gap-2">
          <input id="remember" name="remember" type="checkbox" className="h-4 w-4 rounded border-line text-primary" />
          <label htmlFor="remember" className="text-sm text-ink-muted">
            Remember me on this device
          </label>
        </div>
        <button type="submit" className={buttonClass} disabled={busy}>
          Log in
        </button>
      </Form>
      <p className="text-sm text-ink-muted">
        <Link to="/forgot-password" className="text-primary underline">
          Forgot your password?
        </Link>
      </p>
      <p className="text-sm text-ink-muted">
        No account yet?{" "}
        <Link to={signupHref} className="text-primary underline">
          Sign up
        </Link>
      </p>
    </section>
  );
}

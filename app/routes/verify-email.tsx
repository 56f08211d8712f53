import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { FormMessage } from "~/components/auth/Field";
import { passOnHeaders } from "~/lib/http/pass-on-headers";
import { lazy } from "~/lib/lazy";

const verifyEmailModule = lazy(() => import("~/lib/auth/verify-email.server"));

export const meta: MetaFunction = () => [{ title: "Confirm your email · CalcApp" }];
export const headers = passOnHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const { verifyEmail } = await verifyEmailModule();
  return verifyEmail(request);
}

export default function VerifyEmailPage() {
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-lg bg-surface p-6 shadow">
      <h1 className="text-2xl font-semibold">Confirm your email</h1>
      <FormMessage error="This confirmation link is not valid any more: it was used, it expired (after 24 hours), or a newer one was sent." />
      <p className="text-sm text-ink-muted">
        Log in and open{" "}
        <Link to="/account" className="text-primary underline">
          your account
        </Link>{" "}
        to get a new link.
      </p>
    </section>
  );
}

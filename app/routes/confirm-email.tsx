import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { FormMessage } from "~/components/auth/Field";
import { passOnHeaders } from "~/lib/http/pass-on-headers";
import { lazy } from "~/lib/lazy";

const changeEmailModule = lazy(() => import("~/lib/auth/change-email.server"));

export const meta: MetaFunction = () => [{ title: "Confirm your new email · CalcApp" }];
export const headers = passOnHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const { confirmEmailChange } = await changeEmailModule();
  return confirmEmailChange(request);
}

export default function ConfirmEmailPage() {
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-lg bg-surface p-6 shadow">
      <h1 className="text-2xl font-semibold">Confirm your new email</h1>
      <FormMessage error="This link is not valid any more: it was used, it expired (after 24 hours), a newer one was sent, or the address is taken." />
      <p className="text-sm text-ink-muted">
        <Link to="/account" className="text-primary underline">
          Back to your account
        </Link>
      </p>
    </section>
  );
}

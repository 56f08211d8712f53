import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { billingAction, loadBillingPage } from "~/lib/billing/billing-page.server";
import { formatPrice, plans, PREMIUM_PRICE } from "~/lib/plans";

export const meta: MetaFunction = () => [{ title: "Billing · CalcApp" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return loadBillingPage(request);
}

export async function action({ request }: ActionFunctionArgs) {
  const result = await billingAction(request);
  return data(result.body, { status: result.status });
}

// Dates in UTC and one locale, so the server's HTML and the browser's render agree.
const longDate = (iso: string) => new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));

/** While the webhook has not landed: poll the loader (with JS) every 1.5 s. */
function usePollWhile(active: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [active, revalidator]);
}

export default function BillingPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction?.startsWith("/billing");
  usePollWhile(view.activating);

  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">Plans and billing</h1>
      {view.configured ? null : (
        <p role="status" className="rounded-lg border border-warning-line bg-warning-soft p-3 text-warning">
          Billing is not configured on this server, so upgrades are unavailable here.
        </p>
      )}
      {view.activating ? (
        <div role="status" className="rounded-lg border border-primary bg-primary-soft p-3 text-primary">
          <p>Activating… Your payment went through; your plan changes from Free to Premium as soon as Stripe confirms it.</p>
          {/* With JavaScript the page polls; without it, this link, not a meta refresh: a page that
              reloads itself on a timer fails WCAG 2.2.1 (timing adjustable). */}
          <Link to="/billing?checkout=success" className="text-primary underline" reloadDocument>
            Refresh
          </Link>
        </div>
      ) : null}
      {view.checkoutCanceled && view.plan === "free" ? (
        <p role="status" className="rounded-lg bg-surface p-3 shadow">Checkout was canceled; nothing was charged.</p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="rounded-lg border border-danger bg-danger-soft p-3 text-danger">
          {actionData.error}
        </p>
      ) : null}

      <article aria-labelledby="current-plan" className="rounded-lg bg-surface p-4 shadow">
        <h2 id="current-plan" className="text-lg font-medium">
          Your plan: <span data-testid="current-plan">{view.plan === "premium" ? "Premium" : "Free"}</span>
          {/* Paid but not confirmed yet: say so here too, not only in the banner above. */}
          {view.activating && view.plan !== "premium" ? <span className="text-ink-muted"> · Premium activating</span> : null}
        </h2>
        {view.canManage ? (
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-ink-muted">
            <dt>Price</dt>
            <dd>{view.price}</dd>
            {view.periodEnd ? (
              <>
                <dt>{view.cancelAtPeriodEnd ? "Premium ends on" : "Renews on"}</dt>
                <dd data-testid="period-end">{longDate(view.periodEnd)}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
        {view.cancelAtPeriodEnd && view.periodEnd ? (
          <p className="mt-2 text-ink-muted">Your plan is canceled and will not renew. You keep Premium until the end of the period.</p>
        ) : null}
        {view.suspended === "paused" ? (
          <p role="status" className="mt-2 text-slate-700" data-testid="suspended">
            Payments for your plan are paused, so Premium is off until they resume.
          </p>
        ) : null}
        {view.suspended === "disputed" ? (
          <p role="alert" className="mt-2 text-red-800" data-testid="suspended">
            A payment for your plan is disputed, so Premium is off until the dispute is resolved. Please contact support.
          </p>
        ) : null}
        {view.status === "past_due" ? (
          <p role="alert" className="mt-2 text-danger">
            Your last payment failed.{" "}
            {view.graceEndsAt ? `Premium stays on until ${longDate(view.graceEndsAt)} while we retry; ` : ""}
            update your card in “Manage billing”.
          </p>
        ) : null}
        {view.configured ? (
          <div className="mt-4 flex gap-3">
            {view.canManage ? (
              <Form method="post">
                <button type="submit" name="intent" value="manage" disabled={busy} className="rounded bg-ink px-4 py-2 text-surface">
                  Manage billing
                </button>
              </Form>
            ) : (
              <Form method="post">
                <button type="submit" name="intent" value="upgrade" disabled={busy || view.activating} className="rounded bg-primary px-4 py-2 text-on-primary">
                  {`Upgrade to Premium · ${formatPrice(PREMIUM_PRICE)}`}
                </button>
              </Form>
            )}
          </div>
        ) : null}
      </article>

      <div className="grid gap-4 sm:grid-cols-2">
        {Object.values(plans).map((plan) => (
          <article key={plan.name} className="rounded-lg bg-surface p-4 shadow">
            <h2 className="text-lg font-medium">{plan.name}</h2>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-ink-muted">
              {plan.features.map((feature) => (
                <li key={feature}>{feature}</li>
              ))}
            </ul>
          </article>
        ))}
      </div>
      <Link to="/history" className="text-primary underline">
        See your history
      </Link>
    </section>
  );
}

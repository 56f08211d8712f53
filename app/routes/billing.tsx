import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isBillingConfigured } from "~/lib/billing-config.server";
import { plans } from "~/lib/plans";

export const meta: MetaFunction = () => [{ title: "Billing · CalcApp" }];

export function loader() {
  return { configured: isBillingConfigured() };
}

export default function BillingPage() {
  const { configured } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">Plans and billing</h1>
      {configured ? null : (
        <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-900">
          Billing is not configured on this server, so upgrades are unavailable here.
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        {Object.values(plans).map((plan) => (
          <article key={plan.name} className="rounded-lg bg-white p-4 shadow">
            <h2 className="text-lg font-medium">{plan.name}</h2>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700">
              {plan.features.map((feature) => (
                <li key={feature}>{feature}</li>
              ))}
            </ul>
          </article>
        ))}
      </div>
      <Link to="/history" className="text-indigo-700 underline">
        See your history
      </Link>
    </section>
  );
}

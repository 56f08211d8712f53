import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FREE_HISTORY_LIMIT } from "~/lib/plans";

export const meta: MetaFunction = () => [{ title: "History · CalcApp" }];

export function loader() {
  return { freeLimit: FREE_HISTORY_LIMIT };
}

export default function HistoryPage() {
  const { freeLimit } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">Your history</h1>
      <p className="text-slate-700">
        Signed-in users keep every result they compute here: the latest {freeLimit} on the free plan, all of
        them with Premium.
      </p>
      <Link to="/" className="text-indigo-700 underline">
        Back to the calculator
      </Link>
    </section>
  );
}

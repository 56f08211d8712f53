import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { GuestResultsOffer } from "~/components/history/GuestResultsOffer";
import { HistoryFilters } from "~/components/history/HistoryFilters";
import { HistoryTable } from "~/components/history/HistoryTable";
import { passOnHeaders } from "~/lib/http/pass-on-headers";
import { lazy } from "~/lib/lazy";

export const meta: MetaFunction = () => [{ title: "History · CalcApp" }];

// A 503 while sessions are unavailable keeps its Retry-After.
export const headers = passOnHeaders;

// Loaded on demand: a guest is redirected to /login before any of it (Prisma included) loads.
const historyPage = lazy(() => import("~/lib/history/page.server"));

export async function loader({ request }: LoaderFunctionArgs) {
  const { loadHistoryPage } = await historyPage();
  return loadHistoryPage(request);
}

export async function action({ request }: ActionFunctionArgs) {
  const { historyAction } = await historyPage();
  return historyAction(request);
}

export default function HistoryPage() {
  const page = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const busy = useNavigation().state !== "idle";
  const params = new URLSearchParams(search);
  params.delete("notice");
  const older = new URLSearchParams(params);
  if (page.nextCursor) older.set("cursor", page.nextCursor);
  const newest = new URLSearchParams(params);
  newest.delete("cursor");

  return (
    <section className="space-y-4" aria-busy={busy}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Your history</h1>
        {page.premium ? (
          <a href="/history/export.csv" className="rounded bg-primary px-3 py-1 text-sm font-medium text-on-primary hover:bg-primary-strong" download>
            Export CSV
          </a>
        ) : null}
      </div>
      {page.notice ? (
        <p role="status" className="rounded-lg border border-success-line bg-success-soft px-3 py-2 text-success">
          {page.notice}
        </p>
      ) : null}
      {page.problems.map((problem) => (
        <p key={problem} role="alert" className="rounded-lg border border-warning-line bg-warning-soft px-3 py-2 text-warning">
          {problem}
        </p>
      ))}
      <GuestResultsOffer count={page.pendingGuestResults} />
      {page.premium ? (
        <HistoryFilters form={page.form} filtered={page.filtered} />
      ) : (
        <p className="rounded-lg bg-surface p-3 text-sm text-ink-muted shadow">
          {page.upsell ? "Search and date filters are Premium features. " : null}
          The free plan shows your latest {page.freeLimit} results
          {page.hiddenByPlan > 0 ? ` (${page.hiddenByPlan} older ${page.hiddenByPlan === 1 ? "one is" : "ones are"} kept but hidden)` : ""}.{" "}
          <Link to="/billing" className="text-primary underline">
            Upgrade to Premium
          </Link>{" "}
          for all of them, search, date filters and CSV export.
        </p>
      )}
      <HistoryTable rows={page.rows} filtered={page.filtered} />
      <nav aria-label="Pages" className="flex justify-between">
        {page.firstPage ? <span /> : <Link to={`?${newest}`} className="text-primary underline">Newest</Link>}
        {page.nextCursor ? (
          <Link to={`?${older}`} className="text-primary underline" rel="next">
            Older results
          </Link>
        ) : null}
      </nav>
      {/* Premium may have archived rows only; with a filter on, "all" would read as "all shown". */}
      {(page.rows.length > 0 || page.premium) && page.firstPage && !page.filtered ? (
        <details className="rounded-lg bg-surface p-3 shadow">
          <summary className="cursor-pointer text-sm text-danger">Clear all history…</summary>
          <Form method="post" className="mt-2 flex items-center gap-3 text-sm">
            <span>This deletes every result in your history{page.premium ? ", archived ones included" : ""}. It cannot be undone.</span>
            <button type="submit" name="intent" value="clear" className="rounded bg-danger px-3 py-1 font-medium text-on-danger hover:bg-danger-strong">
              Delete all
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

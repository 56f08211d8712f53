// Premium: search and date range, a GET form so the result is a link (and works without JS).
import { Form, Link } from "@remix-run/react";

export function HistoryFilters({ form, filtered }: { form: { q: string; from: string; to: string }; filtered: boolean }) {
  return (
    <Form method="get" role="search" className="flex flex-wrap items-end gap-3 rounded-lg bg-surface p-3 shadow">
      <label className="flex min-w-40 flex-1 flex-col text-sm">
        <span className="text-ink-muted">Search expression or result</span>
        <input type="search" name="q" defaultValue={form.q} maxLength={100} className="rounded border border-line px-2 py-1" />
      </label>
      <label className="flex flex-col text-sm">
        <span className="text-ink-muted">From</span>
        <input type="date" name="from" defaultValue={form.from} className="rounded border border-line px-2 py-1" />
      </label>
      <label className="flex flex-col text-sm">
        <span className="text-ink-muted">To</span>
        <input type="date" name="to" defaultValue={form.to} className="rounded border border-line px-2 py-1" />
      </label>
      <button type="submit" className="rounded bg-primary px-3 py-1 text-sm font-medium text-on-primary hover:bg-primary-strong">
        Filter
      </button>
      {filtered ? (
        <Link to="/history" className="text-sm text-primary underline">
          Show all
        </Link>
      ) : null}
    </Form>
  );
}

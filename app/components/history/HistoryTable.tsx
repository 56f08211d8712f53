// The history rows: newest first, each with "use again" (back into the calculator) and delete.
import { Form, Link } from "@remix-run/react";
import { reuseHref } from "~/lib/history/reuse-href";

export type Row = { id: string; expression: string; result: string; createdAt: string; input: string | null };

/** UTC, the same on the server and in the browser (no hydration mismatch, no guessing). */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function HistoryTable({ rows, filtered }: { rows: Row[]; filtered: boolean }) {
  if (rows.length === 0) {
    return (
      <p className="rounded-lg bg-white p-6 text-slate-600 shadow">
        {filtered ? "No results match." : "Nothing yet: every result you compute while signed in appears here."}
      </p>
    );
  }
  return (
    <ol aria-label="Results" className="divide-y divide-slate-200 rounded-lg bg-white shadow">
      {rows.map((row) => (
        <li key={row.id} data-testid="history-row" className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
          <div className="min-w-0 flex-1 basis-full sm:basis-0">
            <p className="font-mono text-slate-600 [overflow-wrap:anywhere]">
              <span className="sr-only">Expression: </span>
              {row.expression}
            </p>
            <p className="font-mono text-lg [overflow-wrap:anywhere]">
              <span className="sr-only">Result: </span>= <span data-testid="history-result">{row.result}</span>
            </p>
          </div>
          <time dateTime={row.createdAt} className="text-xs text-slate-500">
            {when(row.createdAt)}
          </time>
          <Link to={reuseHref(row.expression)} className="text-sm text-indigo-700 underline" aria-label={`Use again: ${row.expression}`}>
            Use again
          </Link>
          <Form method="post" preventScrollReset>
            <input type="hidden" name="id" value={row.id} />
            <button type="submit" name="intent" value="delete" className="text-sm text-rose-700 underline" aria-label={`Delete ${row.expression}`}>
              Delete
            </button>
          </Form>
        </li>
      ))}
    </ol>
  );
}

// The history rows: newest first, each with "use again" (back into the calculator) and delete.
import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { LocalTime } from "~/components/LocalTime";
import { reuseHref } from "~/lib/history/reuse-href";

export type Row = { id: string; expression: string; result: string; createdAt: string; input: string | null };


export function HistoryTable({ rows, filtered }: { rows: Row[]; filtered: boolean }) {
  // After a delete the pressed button is gone: focus moves to the row that took its place (its
  // delete button), or to the list / the empty message, never to the page body.
  const deletedIndex = useRef<number | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const empty = useRef<HTMLParagraphElement>(null);
  const ids = rows.map((row) => row.id).join(",");
  useEffect(() => {
    const index = deletedIndex.current;
    if (index === null) return;
    if (document.activeElement && document.activeElement !== document.body && document.body.contains(document.activeElement)) return;
    deletedIndex.current = null;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>("button[value=delete]") ?? [];
    const next = buttons[Math.min(index, buttons.length - 1)];
    (next ?? list.current ?? empty.current)?.focus();
  }, [ids]);

  if (rows.length === 0) {
    return (
      <p ref={empty} tabIndex={-1} className="rounded-lg bg-surface p-6 text-ink-muted shadow focus:outline-none">
        {filtered ? "No results match." : "Nothing yet: every result you compute while signed in appears here."}
      </p>
    );
  }
  return (
    <ol ref={list} tabIndex={-1} aria-label="Results" className="divide-y divide-line rounded-lg bg-surface shadow focus:outline-none">
      {rows.map((row, index) => (
        <li key={row.id} data-testid="history-row" className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
          <div className="min-w-0 flex-1 basis-full sm:basis-0">
            <p className="font-mono text-ink-muted [overflow-wrap:anywhere]">
              <span className="sr-only">Expression: </span>
              {row.expression}
            </p>
            <p className="font-mono text-lg [overflow-wrap:anywhere]">
              <span className="sr-only">Result: </span>= <span data-testid="history-result">{row.result}</span>
            </p>
          </div>
          <LocalTime iso={row.createdAt} className="text-xs text-ink-muted" />
          <Link to={reuseHref(row.expression)} className="text-sm text-primary underline" aria-label={`Use again: ${row.expression}`}>
            Use again
          </Link>
          <Form method="post" preventScrollReset>
            <input type="hidden" name="id" value={row.id} />
            <button type="submit" name="intent" value="delete" onClick={() => (deletedIndex.current = index)} className="text-sm text-danger underline" aria-label={`Delete ${row.expression}`}>
              Delete
            </button>
          </Form>
        </li>
      ))}
    </ol>
  );
}

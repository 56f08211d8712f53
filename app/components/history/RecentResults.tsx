// The latest results beside the keypad (wide screens): "use again" in one click.
import { Link } from "@remix-run/react";
import { LocalTime } from "~/components/LocalTime";
import { reuseHref } from "~/lib/history/reuse-href";

export type Recent = { expression: string; result: string; at: string };

export function RecentResults({ results, signedIn }: { results: Recent[]; signedIn: boolean }) {
  return (
    <aside aria-labelledby="recent-title" className="hidden rounded-lg bg-surface p-4 shadow lg:block" data-testid="recent-results">
      <h2 id="recent-title" className="text-lg font-semibold">
        Recent results
      </h2>
      {results.length === 0 ? (
        <p className="mt-2 text-sm text-ink-muted">Your results will appear here.</p>
      ) : (
        <ol className="mt-2 divide-y divide-line">
          {results.map((recent, index) => (
            <li key={`${recent.at}-${index}`} className="py-2" data-testid="recent-row">
              <p className="font-mono text-sm text-ink-muted [overflow-wrap:anywhere]">{recent.expression}</p>
              <p className="font-mono [overflow-wrap:anywhere]">= {recent.result}</p>
              <div className="mt-1 flex items-center justify-between gap-2 text-xs">
                <LocalTime iso={recent.at} className="text-ink-muted" />
                <Link to={reuseHref(recent.expression)} className="text-primary underline" aria-label={`Use again: ${recent.expression}`}>
                  Use again
                </Link>
              </div>
            </li>
          ))}
        </ol>
      )}
      <p className="mt-3 text-sm">
        <Link to="/history" className="text-primary underline">
          {signedIn ? "All your history" : "Sign up to keep your history"}
        </Link>
      </p>
    </aside>
  );
}

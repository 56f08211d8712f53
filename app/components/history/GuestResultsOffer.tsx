// After signing up (or logging in), the results computed as a guest wait in the session: offer
// to keep them. Plain forms, so it works with JavaScript off; both go to the history Lambda.
import { Form } from "@remix-run/react";

export function GuestResultsOffer({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <aside aria-label="Results from before you signed in" className="mb-4 rounded-lg border border-primary bg-primary-soft p-3 text-sm text-primary">
      <p>
        You computed {count === 1 ? "1 result" : `${count} results`} before signing in. Keep {count === 1 ? "it" : "them"} in your history?
      </p>
      <div className="mt-2 flex gap-2">
        <Form method="post" action="/history">
          <input type="hidden" name="intent" value="keep-guest" />
          <button type="submit" className="rounded bg-primary px-3 py-1 font-medium text-on-primary hover:bg-primary-strong">
            Keep {count === 1 ? "it" : "them"}
          </button>
        </Form>
        <Form method="post" action="/history">
          <input type="hidden" name="intent" value="discard-guest" />
          <button type="submit" className="rounded px-3 py-1 text-primary underline hover:text-primary-strong">
            Discard
          </button>
        </Form>
      </div>
    </aside>
  );
}

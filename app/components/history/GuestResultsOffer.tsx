// After signing up (or logging in), the results computed as a guest wait in the session: offer
// to keep them. Plain forms, so it works with JavaScript off; both go to the history Lambda.
import { Form } from "@remix-run/react";

export function GuestResultsOffer({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <aside aria-label="Results from before you signed in" className="mb-4 rounded-lg border border-indigo-200 bg-indigo-50 p-3 text-sm text-indigo-950">
      <p>
        You computed {count === 1 ? "1 result" : `${count} results`} before signing in. Keep {count === 1 ? "it" : "them"} in your history?
      </p>
      <div className="mt-2 flex gap-2">
        <Form method="post" action="/history">
          <input type="hidden" name="intent" value="keep-guest" />
          <button type="submit" className="rounded bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-500">
            Keep {count === 1 ? "it" : "them"}
          </button>
        </Form>
        <Form method="post" action="/history">
          <input type="hidden" name="intent" value="discard-guest" />
          <button type="submit" className="rounded px-3 py-1 text-indigo-800 underline hover:text-indigo-600">
            Discard
          </button>
        </Form>
      </div>
    </aside>
  );
}

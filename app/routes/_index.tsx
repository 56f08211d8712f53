import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useCallback, useState } from "react";
import { Calculator } from "~/components/calculator/Calculator";
import { GuestResultsOffer } from "~/components/history/GuestResultsOffer";
import { RecentResults, type Recent } from "~/components/history/RecentResults";
import { hasSessionCookie } from "~/lib/sessions/session-cookie";
import { lazy } from "~/lib/lazy";
import { initialState } from "~/lib/calculator";
import { REUSE_PARAM, reuseState } from "~/lib/history/reuse";
import { keypadCookie, keypadStateOnlyCookie, readKeypadCookie } from "~/lib/calculator/keypad-cookie.server";
import { submitKeypad } from "~/lib/calculator/keypad-form.server";

const RECENT_SHOWN = 5;

export const meta: MetaFunction = () => [{ title: "Calculator · CalcApp" }];

// Where a key press with JavaScript off lands: the calculator, by GET, so neither Reload nor Back
// posts again. (Chromium still adds a history entry per key: it pushes one for every form
// submission, even to the address it is on; only a link to the same address replaces. See
// tests/e2e/nojs-keypad.spec.ts.)
const KEYPAD_PAGE = "/";

// "Use again" from the history (?expression=…), and, for someone who just signed in, the offer to
// keep what they computed as a guest. A guest without a session cookie loads nothing for this.
// With JavaScript off, the state the last key press left (the keypad cookie).
// Signed-in visitors only: a guest without a session cookie loads none of these.
const guestSession = lazy(() => import("~/lib/sessions/guest-session.server"));
const recentList = lazy(() => import("~/lib/history/recent.server"));
const sessions = lazy(() => import("~/lib/sessions/session.server"));

export async function loader({ request }: LoaderFunctionArgs) {
  const expression = new URL(request.url).searchParams.get(REUSE_PARAM);
  let offer = 0;
  let recent: Recent[] = [];
  let signedIn = false;
  if (hasSessionCookie(request)) {
    const [{ guestResultsOffer }, { recentResults }, { getSessionUser }] = await Promise.all([guestSession(), recentList(), sessions()]);
    [offer, recent, signedIn] = await Promise.all([
      guestResultsOffer(request),
      recentResults(request),
      getSessionUser(request).then((user) => user !== null, () => false),
    ]);
  }
  const carried = expression === null ? readKeypadCookie(request) : null;
  const page = { reused: reuseState(expression), reusedExpression: expression, offer, carried, recent, signedIn };
  // Messages and focus are for this one view: a Reload shows the state without them.
  if (carried && (carried.error || carried.hint || carried.saveNotice || carried.focus)) {
    return data(page, { headers: { "Set-Cookie": keypadStateOnlyCookie(carried.state) } });
  }
  return page;
}

// Only used with JavaScript off: each key press posts here; the answer is a 303 back to the page,
// which shows the next state (so Reload never posts again).
export async function action({ request, context }: ActionFunctionArgs) {
  const { state, error, hint, focus, saveNotice, status, headers } = await submitKeypad(request, context);
  if (status !== 200) return data({ state, error, hint, focus, saveNotice }, { status, headers });
  headers.append("Set-Cookie", keypadCookie({ state, error, hint, saveNotice, focus }));
  headers.set("Location", KEYPAD_PAGE);
  headers.set("Cache-Control", "no-store");
  return new Response(null, { status: 303, headers });
}

export default function CalculatorPage() {
  const { reused, reusedExpression, offer, carried, recent, signedIn } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const shown = refused ?? carried;
  // Results computed on this page join the list at once (they are saved in the background).
  const [computed, setComputed] = useState<Recent[]>([]);
  const onEvaluated = useCallback((result: { expression: string; result: string }) => {
    setComputed((list) => [{ ...result, at: new Date().toISOString() }, ...list].slice(0, RECENT_SHOWN));
  }, []);
  return (
    <>
      <h1 className="sr-only">Calculator</h1>
      <GuestResultsOffer count={offer} />
      <div className="lg:grid lg:grid-cols-[24rem_1fr] lg:items-start lg:gap-6">
      <Calculator
        onEvaluated={onEvaluated}
        key={shown ? JSON.stringify(shown.state) : reused ? `reuse:${reusedExpression}` : "initial"}
        initial={shown?.state ?? reused ?? initialState}
        formError={shown?.error ?? null}
        saveNotice={shown?.saveNotice ?? null}
        initialHint={shown?.hint ?? null}
        focus={shown?.focus ?? null}
      />
      <RecentResults results={[...computed, ...recent].slice(0, RECENT_SHOWN)} signedIn={signedIn} />
      </div>
    </>
  );
}

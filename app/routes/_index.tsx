import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Calculator } from "~/components/calculator/Calculator";
import { GuestResultsOffer } from "~/components/history/GuestResultsOffer";
import { hasSessionCookie } from "~/lib/sessions/session-cookie";
import { initialState } from "~/lib/calculator";
import { REUSE_PARAM, reuseState } from "~/lib/history/reuse";
import { submitKeypad } from "~/lib/calculator/keypad-form.server";

export const meta: MetaFunction = () => [{ title: "Calculator · CalcApp" }];

// "Use again" from the history (?expression=…), and, for someone who just signed in, the offer to
// keep what they computed as a guest. A guest without a session cookie loads nothing for this.
export async function loader({ request }: LoaderFunctionArgs) {
  const expression = new URL(request.url).searchParams.get(REUSE_PARAM);
  let offer = 0;
  if (hasSessionCookie(request)) {
    const { guestResultsOffer } = await import("~/lib/sessions/guest-session.server");
    offer = await guestResultsOffer(request);
  }
  return { reused: reuseState(expression), reusedExpression: expression, offer };
}

// Only used with JavaScript off: each key press posts here and the page re-renders the next state.
export async function action({ request, context }: ActionFunctionArgs) {
  const { state, error, hint, saveNotice, status, headers } = await submitKeypad(request, context);
  return data({ state, error, hint, saveNotice }, { status, headers });
}

export default function CalculatorPage() {
  const { reused, reusedExpression, offer } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  return (
    <>
      <h1 className="sr-only">Calculator</h1>
      <GuestResultsOffer count={offer} />
      <Calculator
        key={posted ? JSON.stringify(posted.state) : reused ? `reuse:${reusedExpression}` : "initial"}
        initial={posted?.state ?? reused ?? initialState}
        formError={posted?.error ?? null}
        saveNotice={posted?.saveNotice ?? null}
        initialHint={posted?.hint ?? null}
      />
    </>
  );
}

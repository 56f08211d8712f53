import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { Calculator } from "~/components/calculator/Calculator";
import { initialState } from "~/lib/calculator";
import { handleKeypadPost } from "~/lib/keypad-form.server";

export const meta: MetaFunction = () => [{ title: "Calculator · CalcApp" }];

// Only used with JavaScript off: each key press posts here and the page re-renders the next state.
export async function action({ request }: ActionFunctionArgs) {
  const result = await handleKeypadPost(request);
  return data({ state: result.state, error: result.error }, { status: result.status });
}

export default function CalculatorPage() {
  const posted = useActionData<typeof action>();
  return (
    <>
      <h1 className="sr-only">Calculator</h1>
      <Calculator
        key={posted ? JSON.stringify(posted.state) : "initial"}
        initial={posted?.state ?? initialState}
        formError={posted?.error ?? null}
      />
    </>
  );
}

// "Use again": a history row's link puts its expression back in the calculator (/?expression=…),
// evaluated afresh and shown as a result, ready for the next key. Pure, so the calculator route
// does it without the database (the expression is in the link, and any expression is allowed).
import { enterExpression, initialState, MAX_EXPRESSION_LENGTH, type CalculatorState } from "../calculator";

export { REUSE_PARAM, reuseHref } from "./reuse-href";

/** The calculator state for a reused expression, or null when there is none (or it fails). */
export function reuseState(expression: string | null): CalculatorState | null {
  if (!expression || expression.length > MAX_EXPRESSION_LENGTH) return null;
  const state = enterExpression(initialState, expression);
  // Shown, not computed just now: not a new result to save again.
  return state.mode === "result" ? { ...state, justEvaluated: false } : null;
}

// What gets saved is what the engine says, never what the browser says: the expression is
// evaluated again here and the engine's result is stored. The browser only tells us which
// expression it evaluated (so a forged request can at worst save a true calculation).
import { evaluate, formatDecimal } from "../calculator";
import { MAX_SAVED_EXPRESSION_LENGTH, MAX_SAVED_RESULT_LENGTH } from "./limits";

export type Evaluated = { ok: true; expression: string; result: string } | { ok: false; reason: string };

export function evaluateForSave(expression: string): Evaluated {
  const text = expression.trim();
  if (text === "") return { ok: false, reason: "The expression is empty." };
  if (text.length > MAX_SAVED_EXPRESSION_LENGTH) return { ok: false, reason: "The expression is too long." };
  const outcome = evaluate(text);
  // Errors (division by zero, overflow, malformed) are states of the calculator, not results.
  if (!outcome.ok) return { ok: false, reason: outcome.message };
  const result = formatDecimal(outcome.value);
  if (result.length > MAX_SAVED_RESULT_LENGTH) return { ok: false, reason: "The result is too long to keep." };
  return { ok: true, expression: text, result };
}

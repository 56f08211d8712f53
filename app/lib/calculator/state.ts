/**
 * The keypad's state: a small, plain JSON object (strings, booleans, null) that the browser keeps
 * and that a form posts back when JavaScript is off, so the server validates it with
 * `calculatorStateSchema` (state-schema.ts) before using it.
 *
 * Error messages are not stored, only the error code: a forged state cannot make the page show
 * arbitrary text. `view` rebuilds a MALFORMED message by evaluating `input` again (pure).
 */
import { parseDecimalString } from "./decimal";
import type { CalcErrorCode } from "./errors";
import { formatDecimal } from "./format";
import type { Operator } from "./tokenizer";

export type CalculatorMode = "input" | "result" | "error";

export type CalculatorState = {
  /** "input": typing an expression; "result": showing a result; "error": showing an error. */
  mode: CalculatorMode;
  /**
   * input mode: the expression typed so far (canonical ASCII, a valid prefix).
   * result mode: the expression that produced the result ("" after ± on a result).
   * error mode: the expression that failed, as typed.
   */
  input: string;
  /** result mode: the result as a canonical decimal string (formatDecimal); else null. */
  result: string | null;
  /** error mode: what went wrong; else null. */
  error: CalcErrorCode | null;
  /** Memory as a canonical decimal string; "0" when empty. */
  memory: string;
  /** result mode: the operation a further "=" repeats (e.g. "+" and "3"); else both null. */
  repeatOperator: Operator | null;
  repeatOperand: string | null;
  /** True right after "=" (or enterExpression) produced `result`: `lastEvaluation` reports it. */
  justEvaluated: boolean;
};

export const initialState: CalculatorState = Object.freeze({
  mode: "input",
  input: "",
  result: null,
  error: null,
  memory: "0",
  repeatOperator: null,
  repeatOperand: null,
  justEvaluated: false,
});

/** A decimal string exactly as `formatDecimal` prints it (so at most 34 digits, below 1e1000 in magnitude). */
export function isCanonicalDecimal(text: string): boolean {
  const value = parseDecimalString(text);
  return value !== null && formatDecimal(value) === text;
}

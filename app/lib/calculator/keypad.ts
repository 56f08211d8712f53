/**
 * Keypad state machine (typing edits in keypad-typing.ts, the display in display.ts), shared by the browser (every key press) and the server (forms posted
 * with JavaScript off). Pure: `press(state, key)` returns a new state; invalid or pointless key
 * presses return the state unchanged. Never throws.
 *
 * Behaviour (tested in keypad.test.ts):
 * - Typing digits, ".", operators and parentheses builds an expression (`state.input`, canonical
 *   ASCII). The display shows the number being typed, as typed ("0.", "1,234.50"); after an
 *   operator or "(" it keeps showing the previous operand; after ")" or "%" it shows that
 *   operand's value (for `200 + 10%`, the 20 that will be added).
 * - "." at the start of a number types "0."; a number has at most one "." and 16 significant
 *   digits; a lone "0" is replaced by the next digit. Numbers shown in exponent form (recalled from
 *   memory or continued from a result) take no more digits.
 * - An operator after an operator replaces it, except "−" after "×", "÷" or "(" (and at the start),
 *   which starts a negative number; a different operator after such a sign replaces both
 *   (`2 × −` then `+` → `2 +`). "+", "×", "÷" at the very start continue from 0 (`0 ×`).
 * - A digit, ".", "(" or MR after ")" or "%" inserts "×" (`(1 + 2)4` → `(1 + 2) × 4`), as does
 *   "(" after a number. ")" only closes an open "(" after an operand. "%" follows an operand.
 * - "=" drops a dangling operator, sign or "(", closes open parentheses and evaluates. Repeated
 *   "=" repeats the last top-level operation with its evaluated right operand: 2 + 3 = = → 5, 8,
 *   11; 10 − 2 = = → 8, 6; 2 × 3 = = → 6, 18; 2 + 3 × 4 = = → 14, 26; 200 + 10% = = → 220, 240.
 *   "=" with nothing to evaluate or repeat does nothing (and records no new evaluation).
 * - After a result: a digit, ".", "(" or MR starts a new expression; an operator or "%" continues
 *   from the result; ")" and backspace do nothing; ± negates the result (the expression line
 *   then clears, a further "=" still repeats the last operation).
 * - ± toggles the sign of the number (or closed group / percent) being typed: `2 − 3` ± →
 *   `2 − −3`; with no operand yet it types (or removes) a "−" sign.
 * - Backspace removes the last character typed; a number in exponent form goes as a whole.
 * - C clears the current entry (the operand being typed, with its sign; a dangling sign); after a
 *   result or an error it resets like AC. AC clears everything, including an error and the
 *   repeat operation, but keeps memory.
 * - After an error only a digit, ".", "(", MR (all start fresh), C and AC do something.
 * - MC clears memory. MR puts the memory value in as the current number (replacing a number
 *   being typed, with its sign; a negative value after a "−" sign cancels it: `2 × −` MR(−5) →
 *   `2 × 5`). A recalled number can be typed on like a typed one (MR 7, then 1 → 71).
 * - M+ / M− add / subtract the displayed value: a result, or the pending expression evaluated as
 *   "=" would (which then shows as a result, not recorded as a new evaluation); an error there,
 *   or a memory overflow, shows as an error and leaves memory as it was. C and AC keep memory.
 * - Every state stays within the limits `calculatorStateSchema` checks (input ≤ 1,000
 *   characters even once parentheses are closed, at most 200 nested parentheses).
 */
import { decimalOf, isOverflow, normalize } from "./decimal";
import type { CalcErrorCode } from "./errors";
import { MAX_EXPRESSION_LENGTH } from "./errors";
import { analyze } from "./evaluate";
import { formatDecimal } from "./format";
import { canonicalText, completeInput, inputParts, isValidPartialInput, openParentheses, prettyExpression } from "./keypad-input";
import {
  backspaceInput,
  clearEntry,
  insertValue,
  negateInput,
  typeClose,
  typeDigit,
  typeOpen,
  typeOperator,
  typePercent,
  typePoint,
} from "./keypad-typing";
import type { Key } from "./keys";
import { isKey } from "./keys";
import type { CalculatorState } from "./state";
import { initialState } from "./state";
import type { Operator } from "./tokenizer";

const OPERATORS: readonly string[] = ["+", "-", "*", "/"];

function isDigitKey(key: Key): boolean {
  return key.length === 1 && key >= "0" && key <= "9";
}

/** A state in input mode with `input`, or `state` itself when the new input is not acceptable. */
function withInput(state: CalculatorState, input: string): CalculatorState {
  if (!isValidPartialInput(input)) return state;
  return { ...initialState, memory: state.memory, input };
}

function reset(state: CalculatorState): CalculatorState {
  return { ...initialState, memory: state.memory };
}

function errorState(state: CalculatorState, code: CalcErrorCode, input: string): CalculatorState {
  return {
    ...initialState,
    memory: state.memory,
    mode: "error",
    error: code,
    input: input.length <= MAX_EXPRESSION_LENGTH ? input : "",
  };
}

/** Evaluates `expression` into a result or error state. */
function evaluatedState(state: CalculatorState, expression: string, canonical: string, record: boolean): CalculatorState {
  const analysis = analyze(expression);
  if (!analysis.ok) return errorState(state, analysis.code, expression);
  const repeat = analysis.lastOperation;
  return {
    ...initialState,
    memory: state.memory,
    mode: "result",
    input: canonical,
    result: formatDecimal(analysis.value),
    repeatOperator: repeat ? repeat.operator : null,
    repeatOperand: repeat ? formatDecimal(repeat.operand) : null,
    justEvaluated: record,
  };
}

// ---------------------------------------------------------------- public API

function pressInInput(state: CalculatorState, key: Key): CalculatorState {
  const input = state.input;
  if (isDigitKey(key)) return withInput(state, typeDigit(input, key));
  if (OPERATORS.includes(key)) return withInput(state, typeOperator(input, key as Operator));
  switch (key) {
    case ".":
      return withInput(state, typePoint(input));
    case "(":
      return withInput(state, typeOpen(input));
    case ")":
      return withInput(state, typeClose(input));
    case "%":
      return withInput(state, typePercent(input));
    case "negate":
      return withInput(state, negateInput(input));
    case "backspace":
      return withInput(state, backspaceInput(input));
    case "clear":
      return withInput(state, clearEntry(input));
    case "memory-recall":
      return withInput(state, insertValue(input, state.memory));
    case "=": {
      const complete = completeInput(input);
      return complete === "" ? state : evaluatedState(state, complete, complete, true);
    }
    case "memory-add":
    case "memory-subtract": {
      const complete = completeInput(input);
      if (complete === "") return state;
      const evaluated = evaluatedState(state, complete, complete, false);
      if (evaluated.mode !== "result") return evaluated;
      return updateMemory(evaluated, key);
    }
    default:
      return state;
  }
}

function updateMemory(state: CalculatorState, key: "memory-add" | "memory-subtract"): CalculatorState {
  const shown = decimalOf(state.result);
  const memory = decimalOf(state.memory);
  const updated = key === "memory-add" ? memory.plus(shown) : memory.minus(shown);
  if (isOverflow(updated)) return errorState(state, "OVERFLOW", state.input);
  return { ...state, memory: formatDecimal(normalize(updated)), justEvaluated: false };
}

function pressInResult(state: CalculatorState, key: Key): CalculatorState {
  const result = state.result ?? "0";
  if (isDigitKey(key)) return withInput(state, key);
  if (OPERATORS.includes(key)) return withInput(state, result + key);
  switch (key) {
    case ".":
      return withInput(state, "0.");
    case "(":
      return withInput(state, "(");
    case "%":
      return withInput(state, `${result}%`);
    case "memory-recall":
      return withInput(state, state.memory);
    case "negate":
      return { ...state, input: "", result: formatDecimal(normalize(decimalOf(result).negated())), justEvaluated: false };
    case "=": {
      if (state.repeatOperator === null || state.repeatOperand === null) {
        return state.justEvaluated ? { ...state, justEvaluated: false } : state;
      }
      const expression = `${result}${state.repeatOperator}${state.repeatOperand}`;
      const next = evaluatedState(state, expression, expression, true);
      // Keep repeating the same operation (not the last operation of the new expression).
      return next.mode === "result" ? { ...next, repeatOperator: state.repeatOperator, repeatOperand: state.repeatOperand } : next;
    }
    case "memory-add":
    case "memory-subtract":
      return updateMemory(state, key);
    case "clear":
    case "all-clear":
      return reset(state);
    default:
      return state;
  }
}

function pressInError(state: CalculatorState, key: Key): CalculatorState {
  if (isDigitKey(key)) return withInput(state, key);
  switch (key) {
    case ".":
      return withInput(state, "0.");
    case "(":
      return withInput(state, "(");
    case "memory-recall":
      return withInput(state, state.memory);
    case "clear":
    case "all-clear":
      return reset(state);
    default:
      return state;
  }
}

/** The state after pressing `key`. Unknown keys and keys that do not apply leave it unchanged. */
export function press(state: CalculatorState, key: Key): CalculatorState {
  if (!isKey(key)) return state;
  if (key === "all-clear") return reset(state);
  if (key === "memory-clear") return { ...state, memory: "0", justEvaluated: false };
  try {
    const next =
      state.mode === "result" ? pressInResult(state, key) : state.mode === "error" ? pressInError(state, key) : pressInInput(state, key);
    // Only "=" reports a new evaluation; any other key ends the "just evaluated" moment.
    return key !== "=" && next.justEvaluated ? { ...next, justEvaluated: false } : next;
  } catch {
    // Only a bug could get here (states are validated, keys checked): never crash a key press.
    return state;
  }
}

/** `text` with its open parentheses closed, as "=" on the keypad closes them ("2 × (3" → "2 × (3)"). */
function closeParentheses(text: string): string {
  const open = openParentheses(inputParts(text));
  return open > 0 && text.length + open <= MAX_EXPRESSION_LENGTH ? text + ")".repeat(open) : text;
}

/**
 * Evaluates a typed expression by the keypad's rules: open parentheses are closed, as "=" closes
 * them; otherwise exactly as `evaluate` does, into a result or an error state.
 */
export function enterExpression(state: CalculatorState, expression: string): CalculatorState {
  const text = closeParentheses(typeof expression === "string" ? expression : "");
  return evaluatedState(state, text, canonicalText(text) ?? text, true);
}

/** Right after "=" (or enterExpression): the expression and the full-precision result. */
export function lastEvaluation(state: CalculatorState): { expression: string; result: string } | null {
  if (state.mode !== "result" || !state.justEvaluated || state.result === null) return null;
  return { expression: prettyExpression(state.input), result: state.result };
}

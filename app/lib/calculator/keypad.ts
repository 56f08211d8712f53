/**
 * Keypad state machine, shared by the browser (every key press) and the server (forms posted
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
import type { Decimal as DecimalValue } from "./decimal";
import { Decimal, isOverflow, normalize, parseDecimalString } from "./decimal";
import type { CalcErrorCode } from "./errors";
import { FIXED_MESSAGES, MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from "./errors";
import { analyze } from "./evaluate";
import { evaluateNode } from "./evaluator";
import { formatDecimal, formatDisplay, groupDigits } from "./format";
import type { Part } from "./keypad-input";
import {
  canonicalText,
  completeInput,
  isNegated,
  isValidPartialInput,
  openParentheses,
  parts,
  prettyExpression,
  signStart,
  trailingNode,
  trailingOperandStart,
} from "./keypad-input";
import type { Key } from "./keys";
import { isKey } from "./keys";
import type { CalculatorState } from "./state";
import { initialState } from "./state";
import type { Operator } from "./tokenizer";

/** Most significant digits a typed number may have (what the display can show). */
export const MAX_ENTRY_DIGITS = 16;

const OPERATORS: readonly string[] = ["+", "-", "*", "/"];

function isDigitKey(key: Key): boolean {
  return key.length === 1 && key >= "0" && key <= "9";
}

function hasExponent(text: string): boolean {
  return text.includes("e") || text.includes("E");
}

function significantDigits(text: string): number {
  return text.replace(".", "").replace(/^0+/, "").length;
}

function decimalOf(text: string | null): DecimalValue {
  return (text !== null && parseDecimalString(text)) || new Decimal(0);
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

// ---------------------------------------------------------------- input mode

/** Removes a trailing "." from a number being typed ("5." → "5") before an operator etc. */
function finishNumber(input: string): string {
  const last = parts(input).at(-1);
  return last?.role === "number" && last.text.endsWith(".") && !hasExponent(last.text) ? input.slice(0, -1) : input;
}

function endsWithOperand(last: Part | undefined): boolean {
  return last?.role === "number" || last?.role === "close" || last?.role === "percent";
}

/** Inserts the start of a new operand (digit, "0.", "(", a recalled value), adding "×" if needed. */
function startOperand(input: string, text: string): string {
  const last = parts(input).at(-1);
  if (last?.role === "close" || last?.role === "percent") return `${input}*${text}`;
  if (last?.role === "number") return `${finishNumber(input)}*${text}`;
  return input + text;
}

function typeDigit(input: string, digit: string): string {
  const last = parts(input).at(-1);
  if (last?.role !== "number") return startOperand(input, digit);
  if (hasExponent(last.text) || significantDigits(last.text) >= MAX_ENTRY_DIGITS) return input;
  if (last.text === "0") return input.slice(0, last.start) + digit;
  return input + digit;
}

function typePoint(input: string): string {
  const last = parts(input).at(-1);
  if (last?.role !== "number") return startOperand(input, "0.");
  if (last.text.includes(".") || hasExponent(last.text)) return input;
  return `${input}.`;
}

function typeOperator(input: string, operator: Operator): string {
  const list = parts(input);
  const last = list.at(-1);
  if (!last) return operator === "-" ? "-" : `0${operator}`;
  if (endsWithOperand(last)) return finishNumber(input) + operator;
  if (last.role === "binary") {
    if (operator === "-" && (last.text === "*" || last.text === "/")) return `${input}-`;
    return input.slice(0, last.start) + operator;
  }
  if (last.role === "open") return operator === "-" ? `${input}-` : input;
  // A sign: "-" again changes nothing; another operator replaces the sign and the operator before it.
  if (operator === "-") return input;
  const before = list[signStart(list, list.length) - 1];
  return before?.role === "binary" ? input.slice(0, before.start) + operator : input;
}

function typePercent(input: string): string {
  const last = parts(input).at(-1);
  return last?.role === "number" || last?.role === "close" ? `${finishNumber(input)}%` : input;
}

function typeOpen(input: string): string {
  if (openParentheses(parts(input)) >= MAX_NESTING_DEPTH) return input;
  return startOperand(input, "(");
}

function typeClose(input: string): string {
  const list = parts(input);
  if (openParentheses(list) <= 0 || !endsWithOperand(list.at(-1))) return input;
  return `${finishNumber(input)})`;
}

/** The operand that ends the input: index of its first part, and of the first sign before it. */
function currentOperand(list: readonly Part[]): { index: number; signIndex: number } | null {
  const index = trailingOperandStart(list);
  if (index === null) return null;
  return { index, signIndex: signStart(list, index) };
}

function negateInput(input: string): string {
  const list = parts(input);
  const last = list.at(-1);
  if (!last || last.role === "binary" || last.role === "open") return `${input}-`;
  if (last.role === "unary") {
    return last.text === "-" ? input.slice(0, last.start) : `${input.slice(0, last.start)}-`;
  }
  const operand = currentOperand(list);
  const first = operand ? list[operand.index] : undefined;
  if (!operand || !first) return input;
  const sign = list[operand.index - 1];
  if (sign?.role === "unary") {
    const replacement = sign.text === "-" ? "" : "-";
    return input.slice(0, sign.start) + replacement + input.slice(sign.end);
  }
  return `${input.slice(0, first.start)}-${input.slice(first.start)}`;
}

function backspaceInput(input: string): string {
  const last = parts(input).at(-1);
  if (!last) return input;
  if (last.role === "number" && hasExponent(last.text)) return input.slice(0, last.start);
  return input.slice(0, -1);
}

function clearEntry(input: string): string {
  const list = parts(input);
  const last = list.at(-1);
  if (!last) return input;
  if (last.role === "unary") return input.slice(0, list[signStart(list, list.length)]?.start ?? last.start);
  const operand = currentOperand(list);
  if (!operand || !endsWithOperand(last)) return input;
  return input.slice(0, list[operand.signIndex]?.start ?? input.length);
}

/** Puts a decimal string in as the current number (replacing the number being typed). */
function insertValue(input: string, value: string): string {
  let text = input;
  let list = parts(text);
  const last = list.at(-1);
  if (last?.role === "number") {
    const sign = list[list.length - 2];
    text = text.slice(0, sign?.role === "unary" && sign.text === "-" ? sign.start : last.start);
    list = parts(text);
  }
  const previous = list.at(-1);
  if (value.startsWith("-") && previous?.role === "unary" && previous.text === "-") {
    return text.slice(0, previous.start) + value.slice(1);
  }
  return startOperand(text, value);
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

/** Evaluates a typed expression exactly as `evaluate` does, into a result or an error state. */
export function enterExpression(state: CalculatorState, expression: string): CalculatorState {
  const text = typeof expression === "string" ? expression : "";
  return evaluatedState(state, text, canonicalText(text) ?? text, true);
}

// ---------------------------------------------------------------- view

function errorMessage(state: CalculatorState): string {
  const code = state.error ?? "MALFORMED";
  if (code !== "MALFORMED") return FIXED_MESSAGES[code];
  const again = analyze(state.input);
  return again.ok || again.code !== "MALFORMED" ? "Invalid expression" : again.message;
}

/** The number being typed, as typed: grouped, sign included, "0." kept. */
function numberEntry(list: readonly Part[], index: number): string {
  const part = list[index];
  if (!part) return "0";
  const negative = isNegated(list, index);
  if (hasExponent(part.text) || significantDigits(part.text) > MAX_ENTRY_DIGITS) {
    const value = new Decimal(part.text);
    return formatDisplay(negative ? value.negated() : value);
  }
  const text = part.text.startsWith(".") ? `0${part.text}` : part.text;
  return `${negative ? "-" : ""}${groupDigits(text)}`;
}

/** Value of the operand that ends with ")" or "%", as the display shows it. */
function trailingValue(input: string): string | null {
  const closed = input + ")".repeat(Math.max(0, openParentheses(parts(input))));
  const found = trailingNode(closed, input.length);
  if (!found) return null;
  const seen: { value: DecimalValue | null; amount: DecimalValue | null } = { value: null, amount: null };
  try {
    evaluateNode(found.tree, {
      value(node, value) {
        if (node === found.node) seen.value = value;
      },
      percentAmount(node, amount) {
        if (node === found.node) seen.amount = amount;
      },
    });
  } catch {
    return null;
  }
  const value = seen.amount ?? seen.value;
  return value ? formatDisplay(value) : null;
}

function entryDisplay(input: string): string {
  let text = input;
  for (;;) {
    const list = parts(text);
    const last = list.at(-1);
    if (!last) return "0";
    if (last.role === "number") return numberEntry(list, list.length - 1);
    if (last.role === "unary") return isNegated(list, list.length) ? "-0" : "0";
    if (last.role === "close" || last.role === "percent") {
      const value = trailingValue(text);
      if (value !== null) return value;
      const lastNumber = list.findLastIndex((part) => part.role === "number");
      return lastNumber === -1 ? "0" : numberEntry(list, lastNumber);
    }
    text = text.slice(0, last.start);
  }
}

export type CalculatorView = {
  expression: string;
  display: string;
  error: string | null;
  hasMemory: boolean;
};

/** What to show for a state. */
export function view(state: CalculatorState): CalculatorView {
  const hasMemory = !decimalOf(state.memory).isZero();
  const expression = prettyExpression(state.input);
  if (state.mode === "error") {
    const message = errorMessage(state);
    return { expression, display: message, error: message, hasMemory };
  }
  if (state.mode === "result") {
    return { expression, display: formatDisplay(decimalOf(state.result)), error: null, hasMemory };
  }
  let display: string;
  try {
    display = entryDisplay(state.input);
  } catch {
    display = "0";
  }
  return { expression, display, error: null, hasMemory };
}

/** Right after "=" (or enterExpression): the expression and the full-precision result. */
export function lastEvaluation(state: CalculatorState): { expression: string; result: string } | null {
  if (state.mode !== "result" || !state.justEvaluated || state.result === null) return null;
  return { expression: prettyExpression(state.input), result: state.result };
}

// Typing on the keypad: pure edits of the expression being typed (`state.input`, canonical
// ASCII), one per key. Each returns the new text; the state machine (keypad.ts) checks that the
// result is still a valid partial input before it accepts it.
import type { Part } from "./keypad-input";
import { MAX_NESTING_DEPTH } from "./errors";
import { inputParts, openParentheses, signStart, trailingOperandStart } from "./keypad-input";
import type { Operator } from "./tokenizer";

/** Most significant digits a typed number may have (what the display can show). */
export const MAX_ENTRY_DIGITS = 16;

export function hasExponent(text: string): boolean {
  return text.includes("e") || text.includes("E");
}

export function significantDigits(text: string): number {
  return text.replace(".", "").replace(/^0+/, "").length;
}

/** Removes a trailing "." from a number being typed ("5." → "5") before an operator etc. */
export function finishNumber(input: string): string {
  const last = inputParts(input).at(-1);
  return last?.role === "number" && last.text.endsWith(".") && !hasExponent(last.text) ? input.slice(0, -1) : input;
}

export function endsWithOperand(last: Part | undefined): boolean {
  return last?.role === "number" || last?.role === "close" || last?.role === "percent";
}

/** Inserts the start of a new operand (digit, "0.", "(", a recalled value), adding "×" if needed. */
export function startOperand(input: string, text: string): string {
  const last = inputParts(input).at(-1);
  if (last?.role === "close" || last?.role === "percent") return `${input}*${text}`;
  if (last?.role === "number") return `${finishNumber(input)}*${text}`;
  return input + text;
}

export function typeDigit(input: string, digit: string): string {
  const last = inputParts(input).at(-1);
  if (last?.role !== "number") return startOperand(input, digit);
  if (hasExponent(last.text) || significantDigits(last.text) >= MAX_ENTRY_DIGITS) return input;
  if (last.text === "0") return input.slice(0, last.start) + digit;
  return input + digit;
}

export function typePoint(input: string): string {
  const last = inputParts(input).at(-1);
  if (last?.role !== "number") return startOperand(input, "0.");
  if (last.text.includes(".") || hasExponent(last.text)) return input;
  return `${input}.`;
}

export function typeOperator(input: string, operator: Operator): string {
  const list = inputParts(input);
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

export function typePercent(input: string): string {
  const last = inputParts(input).at(-1);
  return last?.role === "number" || last?.role === "close" ? `${finishNumber(input)}%` : input;
}

export function typeOpen(input: string): string {
  if (openParentheses(inputParts(input)) >= MAX_NESTING_DEPTH) return input;
  return startOperand(input, "(");
}

export function typeClose(input: string): string {
  const list = inputParts(input);
  if (openParentheses(list) <= 0 || !endsWithOperand(list.at(-1))) return input;
  return `${finishNumber(input)})`;
}

/** The operand that ends the input: index of its first part, and of the first sign before it. */
export function currentOperand(list: readonly Part[]): { index: number; signIndex: number } | null {
  const index = trailingOperandStart(list);
  if (index === null) return null;
  return { index, signIndex: signStart(list, index) };
}

export function negateInput(input: string): string {
  const list = inputParts(input);
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

export function backspaceInput(input: string): string {
  const last = inputParts(input).at(-1);
  if (!last) return input;
  if (last.role === "number" && hasExponent(last.text)) return input.slice(0, last.start);
  return input.slice(0, -1);
}

export function clearEntry(input: string): string {
  const list = inputParts(input);
  const last = list.at(-1);
  if (!last) return input;
  if (last.role === "unary") return input.slice(0, list[signStart(list, list.length)]?.start ?? last.start);
  const operand = currentOperand(list);
  if (!operand || !endsWithOperand(last)) return input;
  return input.slice(0, list[operand.signIndex]?.start ?? input.length);
}

/** Puts a decimal string in as the current number (replacing the number being typed). */
export function insertValue(input: string, value: string): string {
  let text = input;
  let list = inputParts(text);
  const last = list.at(-1);
  if (last?.role === "number") {
    const sign = list[list.length - 2];
    text = text.slice(0, sign?.role === "unary" && sign.text === "-" ? sign.start : last.start);
    list = inputParts(text);
  }
  const previous = list.at(-1);
  if (value.startsWith("-") && previous?.role === "unary" && previous.text === "-") {
    return text.slice(0, previous.start) + value.slice(1);
  }
  return startOperand(text, value);
}

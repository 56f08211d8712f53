// What the calculator shows for a state: the expression line, the big display (the number being
// typed as typed, or the value of a closed group or percent, or the result), an error message and
// the memory indicator.
import type { Decimal as DecimalValue } from "./decimal";
import { Decimal, decimalOf } from "./decimal";
import { FIXED_MESSAGES } from "./errors";
import { analyze } from "./evaluate";
import { evaluateNode } from "./evaluate-tree";
import { formatDisplay, groupDigits } from "./format";
import type { Part } from "./keypad-input";
import { inputParts, isNegated, openParentheses, prettyExpression, trailingNode } from "./keypad-input";
import { hasExponent, MAX_ENTRY_DIGITS, significantDigits } from "./keypad-typing";
import type { CalculatorState } from "./state";

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
  const closed = input + ")".repeat(Math.max(0, openParentheses(inputParts(input))));
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
    const list = inputParts(text);
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
  /** The memory value as the display would show it, when memory is set. */
  memory: string | null;
  /** What copying the display puts on the clipboard: the plain number, or null for an error. */
  copyText: string | null;
};

/** What to show for a state. */
export function calculatorView(state: CalculatorState): CalculatorView {
  const memoryValue = decimalOf(state.memory);
  const hasMemory = !memoryValue.isZero();
  const memory = hasMemory ? formatDisplay(memoryValue) : null;
  const expression = prettyExpression(state.input);
  if (state.mode === "error") {
    const message = errorMessage(state);
    return { expression, display: message, error: message, hasMemory, memory, copyText: null };
  }
  if (state.mode === "result") {
    const display = formatDisplay(decimalOf(state.result));
    return { expression, display, error: null, hasMemory, memory, copyText: plainNumber(display) };
  }
  let display: string;
  try {
    display = entryDisplay(state.input);
  } catch {
    display = "0";
  }
  return { expression, display, error: null, hasMemory, memory, copyText: plainNumber(display) };
}

/** "1,234.5" → "1234.5": what a spreadsheet or another calculator accepts when pasted. */
function plainNumber(display: string): string {
  return display.replaceAll(",", "");
}

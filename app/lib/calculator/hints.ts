/**
 * Why a key or a character was refused, in words people can act on. The calculator shows and
 * announces these instead of ignoring a key in silence. Pure, shared by every way of typing:
 * keypad buttons, the keyboard on the keypad and the typed field.
 */
import { decimalOf } from "./decimal";
import { unknownCharacterAdvice } from "./errors";
import { inputParts, openParentheses } from "./keypad-input";
import { press } from "./keypad";
import { hasExponent, MAX_ENTRY_DIGITS, significantDigits } from "./keypad-typing";
import { KEY_LABELS, type Key } from "./keys";
import type { CalculatorState } from "./state";
import { isExpressionCharacter } from "./tokenizer";

// Any key ends the "just evaluated" moment of a result; that alone is not doing something.
function sameState(a: CalculatorState, b: CalculatorState): boolean {
  return JSON.stringify({ ...a, justEvaluated: false }) === JSON.stringify({ ...b, justEvaluated: false });
}

/** Null when pressing `key` does something; otherwise what to do instead. */
export function keyRefusal(state: CalculatorState, key: Key): string | null {
  if (!sameState(press(state, key), state)) return null;
  const label = KEY_LABELS[key].label;
  if (state.mode === "error" && key !== "memory-clear") return `${label} does nothing after an error: press AC or start a new number`;
  const list = state.mode === "input" ? inputParts(state.input) : [];
  const last = list.at(-1);
  switch (key) {
    case ")":
      return openParentheses(list) > 0 ? "Type a number before ')'" : "There is no '(' to close";
    case "%":
      return "'%' goes after a number";
    case ".":
      return last?.role === "number" && hasExponent(last.text) ? "A number in e-notation takes no decimal point" : "This number already has a decimal point";
    case "=":
      return "Nothing to calculate yet: type a number";
    case "backspace":
      return "Nothing to delete";
    case "clear":
      return "Nothing to clear";
    case "negate":
      return "Type a number to change its sign";
    case "memory-clear":
      return decimalOf(state.memory).isZero() ? "Memory is already empty" : null;
    case "memory-add":
    case "memory-subtract":
      return "Type a number first, then add it to memory";
    case "(":
      return "Too many parentheses";
    default:
      if (/^[0-9]$/.test(key)) {
        return last?.role === "number" && significantDigits(last.text) >= MAX_ENTRY_DIGITS
          ? `A number has at most ${MAX_ENTRY_DIGITS} digits`
          : "This number cannot take more digits";
      }
      if (state.input.length >= 900) return "The expression is too long";
      return `Type a number before ${label}`;
  }
}

/**
 * Null for a character an expression may contain; otherwise why not. The same rule for the
 * typed field and the keyboard on the keypad (which sends "e" on to the field, as in 1e5).
 */
export function characterRefusal(char: string): string | null {
  if (isExpressionCharacter(char)) return null;
  const shown = /^\s$/u.test(char) ? "That character" : `'${char}'`;
  const advice = unknownCharacterAdvice(char);
  return `${shown} is not allowed: ${advice}`;
}

/** The keypad's keys, their visible labels and accessible names. */

export type Key =
  | "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9"
  | "." | "+" | "-" | "*" | "/" | "(" | ")" | "%"
  | "=" | "negate" | "backspace" | "clear" | "all-clear"
  | "memory-clear" | "memory-recall" | "memory-add" | "memory-subtract";

export const KEY_LABELS: Record<Key, { label: string; name: string }> = {
  "0": { label: "0", name: "0" },
  "1": { label: "1", name: "1" },
  "2": { label: "2", name: "2" },
  "3": { label: "3", name: "3" },
  "4": { label: "4", name: "4" },
  "5": { label: "5", name: "5" },
  "6": { label: "6", name: "6" },
  "7": { label: "7", name: "7" },
  "8": { label: "8", name: "8" },
  "9": { label: "9", name: "9" },
  ".": { label: ".", name: "decimal point" },
  "+": { label: "+", name: "add" },
  "-": { label: "\u2212", name: "subtract" },
  "*": { label: "\u00d7", name: "multiply" },
  "/": { label: "\u00f7", name: "divide" },
  "(": { label: "(", name: "open parenthesis" },
  ")": { label: ")", name: "close parenthesis" },
  "%": { label: "%", name: "percent" },
  "=": { label: "=", name: "equals" },
  negate: { label: "\u00b1", name: "change sign" },
  backspace: { label: "\u232b", name: "backspace" },
  clear: { label: "C", name: "clear" },
  "all-clear": { label: "AC", name: "all clear" },
  "memory-clear": { label: "MC", name: "memory clear" },
  "memory-recall": { label: "MR", name: "memory recall" },
  "memory-add": { label: "M+", name: "memory add" },
  "memory-subtract": { label: "M\u2212", name: "memory subtract" },
};

export const KEYS: readonly Key[] = Object.keys(KEY_LABELS) as Key[];


export function isKey(value: unknown): value is Key {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(KEY_LABELS, value);
}

const KEYBOARD: Record<string, Key> = {
  Enter: "=",
  "=": "=",
  Backspace: "backspace",
  Delete: "clear",
  Escape: "all-clear",
  "\u2212": "-",
  x: "*",
  X: "*",
  "\u00d7": "*",
  "\u00f7": "/",
  ",": ".",
  // The letters Windows Calculator uses with Ctrl, here without it (Ctrl+P, R, L are the browser's).
  F9: "negate",
  n: "negate",
  p: "memory-add",
  q: "memory-subtract",
  r: "memory-recall",
  l: "memory-clear",
};

/** The keyboard shortcuts, as the help dialog lists them. */
export const KEYBOARD_SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: "0–9, .", action: "Digits and decimal point (, works too)" },
  { keys: "+ − * / ( ) %", action: "Operators, parentheses and percent (x also multiplies)" },
  { keys: "Enter or =", action: "Calculate" },
  { keys: "Backspace", action: "Delete the last character" },
  { keys: "Delete", action: "Clear the entry (C)" },
  { keys: "Escape", action: "Clear all (AC)" },
  { keys: "n or F9", action: "Change sign (±)" },
  { keys: "p / q", action: "Add to / subtract from memory (M+ / M−)" },
  { keys: "r / l", action: "Recall / clear memory (MR / MC)" },
  { keys: "e", action: "Powers of ten: continue 1e5 in the expression field" },
  { keys: "Ctrl+C / Ctrl+V", action: "Copy the result / paste an expression (⌘ on a Mac)" },
  { keys: "Arrow keys", action: "Move between the keypad's keys" },
  { keys: "?", action: "Show these shortcuts" },
];

/** Maps a `KeyboardEvent.key` to a keypad key (digits, operators, Enter, Backspace, Escape...). */
export function keyFromKeyboard(eventKey: string): Key | null {
  const mapped = KEYBOARD[eventKey];
  if (mapped) return mapped;
  if (isKey(eventKey) && eventKey.length === 1) return eventKey;
  return null;
}

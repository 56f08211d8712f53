/**
 * Helpers over the keypad's expression text: canonical ASCII (`0-9 . e E + - * / ( ) %`, no
 * spaces), always a valid *prefix* of an expression while the user is typing.
 */
import type { Node } from "./ast";
import { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from "./errors";
import { parse } from "./parser";
import type { Token } from "./tokenizer";
import { tokenize } from "./tokenizer";

export type Role = "number" | "binary" | "unary" | "open" | "close" | "percent";
export type Part = { role: Role; text: string; start: number; end: number };

const KEYPAD_CHARSET = /^[0-9.eE+\-*/()%]*$/;

function tokensOrNull(text: string): Token[] | null {
  try {
    return tokenize(text);
  } catch {
    return null;
  }
}

/** Tokens with their role: a `+`/`-` is unary at the start, after `(` or after an operator. */
function withRoles(tokens: readonly Token[]): Part[] {
  const result: Part[] = [];
  for (const token of tokens) {
    let role: Role;
    if (token.type === "operator") {
      const previous = result.at(-1);
      const operandExpected = !previous || previous.role === "open" || previous.role === "binary" || previous.role === "unary";
      role = operandExpected ? "unary" : "binary";
    } else {
      role = token.type;
    }
    result.push({ role, text: token.text, start: token.start, end: token.end });
  }
  return result;
}

/** The parts of a keypad input (empty when the text does not tokenize). */
export function inputParts(input: string): Part[] {
  return withRoles(tokensOrNull(input) ?? []);
}

export function openParentheses(list: readonly Part[]): number {
  let depth = 0;
  for (const part of list) {
    if (part.role === "open") depth += 1;
    else if (part.role === "close") depth -= 1;
  }
  return depth;
}

/**
 * True when `input` is something the keypad can be in the middle of typing: keypad characters
 * only, tokenizes, every token may follow the previous one, parentheses never close more than
 * they opened nor nest deeper than 200, and closing them all stays within 1,000 characters.
 */
export function isValidPartialInput(input: string): boolean {
  if (typeof input !== "string" || input.length > MAX_EXPRESSION_LENGTH || !KEYPAD_CHARSET.test(input)) return false;
  const tokens = tokensOrNull(input);
  if (!tokens) return false;
  let operandExpected = true;
  let depth = 0;
  for (const token of tokens) {
    if (operandExpected) {
      if (token.type === "number") operandExpected = false;
      else if (token.type === "open") depth += 1;
      else if (!(token.type === "operator" && (token.text === "+" || token.text === "-"))) return false;
      if (depth > MAX_NESTING_DEPTH) return false;
    } else if (token.type === "operator") {
      operandExpected = true;
    } else if (token.type === "close") {
      depth -= 1;
      if (depth < 0) return false;
    } else if (token.type !== "percent") {
      return false;
    }
  }
  return input.length + depth <= MAX_EXPRESSION_LENGTH;
}

/** True for text made of keypad characters only (the expression shown with a result). */
export function isKeypadText(text: string): boolean {
  return typeof text === "string" && text.length <= MAX_EXPRESSION_LENGTH && KEYPAD_CHARSET.test(text);
}

/**
 * What "=" evaluates: drops a dangling operator, sign, "(" or trailing "." and closes every open
 * parenthesis. `2 × (3 + ` → `2 × (3)`... → `2*(3)`; `(` alone → "" (nothing to evaluate).
 */
export function completeInput(input: string): string {
  let text = input;
  for (;;) {
    const last = inputParts(text).at(-1);
    if (!last) return "";
    if (last.role === "binary" || last.role === "unary" || last.role === "open") {
      text = text.slice(0, last.start);
      continue;
    }
    if (last.role === "number" && last.text.endsWith(".")) {
      text = text.slice(0, -1);
      continue;
    }
    break;
  }
  return text + ")".repeat(Math.max(0, openParentheses(inputParts(text))));
}

/** Start of the operand that ends the text (a number, or a group, with any trailing `%`). */
export function trailingOperandStart(list: readonly Part[]): number | null {
  let index = list.length - 1;
  while (index >= 0 && list[index]?.role === "percent") index -= 1;
  const last = list[index];
  if (!last) return null;
  if (last.role === "number") return index;
  if (last.role !== "close") return null;
  let depth = 0;
  for (let cursor = index; cursor >= 0; cursor -= 1) {
    const part = list[cursor];
    if (part?.role === "close") depth += 1;
    else if (part?.role === "open") {
      depth -= 1;
      if (depth === 0) return cursor;
    }
  }
  return null;
}

/** Index of the first unary sign directly before `index` (or `index` itself when none). */
export function signStart(list: readonly Part[], index: number): number {
  let cursor = index;
  while (cursor > 0 && list[cursor - 1]?.role === "unary") cursor -= 1;
  return cursor;
}

/** True when an odd number of unary minus signs stands directly before `index`. */
export function isNegated(list: readonly Part[], index: number): boolean {
  let negative = false;
  for (let cursor = index - 1; cursor >= 0 && list[cursor]?.role === "unary"; cursor -= 1) {
    if (list[cursor]?.text === "-") negative = !negative;
  }
  return negative;
}

/** The expression for people: `2*-3` → `2 × −3`, `(1+2)%` → `(1 + 2)%`. Untokenizable text as is. */
export function prettyExpression(text: string): string {
  const tokens = tokensOrNull(text);
  if (!tokens) return text;
  const symbols: Record<string, string> = { "+": "+", "-": "\u2212", "*": "\u00d7", "/": "\u00f7" };
  return withRoles(tokens)
    .map((part) => {
      if (part.role === "binary") return ` ${symbols[part.text] ?? part.text} `;
      if (part.role === "unary") return symbols[part.text] ?? part.text;
      return part.text;
    })
    .join("")
    .trim();
}

/** Canonical keypad text of a valid expression: ASCII operators, no whitespace. */
export function canonicalText(expression: string): string | null {
  const tokens = tokensOrNull(expression);
  return tokens ? tokens.map((token) => token.text).join("") : null;
}

/**
 * The node whose value the display shows for an input ending in `)` or `%`: the outermost
 * non-binary node that ends where the typed text ends (before auto-closing parentheses),
 * with the tree of the closed text it belongs to.
 */
export function trailingNode(closed: string, typedLength: number): { tree: Node; node: Node } | null {
  let tree: Node;
  try {
    tree = parse(closed);
  } catch {
    return null;
  }
  let node = tree;
  for (;;) {
    if (node.end === typedLength && node.kind !== "binary") return { tree, node };
    if (node.kind === "binary") node = node.right;
    else if (node.kind === "group" && node.end > typedLength) node = node.inner;
    else if (node.kind === "unary" && node.end > typedLength) node = node.operand;
    else return null;
  }
}

/**
 * Error states of the engine. User input never makes the public API throw: every failure is
 * reported as `{ ok: false, code, message }`. Internally the tokenizer, parser and evaluator
 * throw `CalcError`, which `evaluate` turns into that shape.
 */
import type { Decimal } from "./decimal";

export const MAX_EXPRESSION_LENGTH = 1000;
/** Deepest parenthesis nesting accepted, so hostile input cannot exhaust the stack. */
export const MAX_NESTING_DEPTH = 200;

export type CalcErrorCode = "DIVIDE_BY_ZERO" | "OVERFLOW" | "TOO_LONG" | "MALFORMED";
export const CALC_ERROR_CODES: readonly CalcErrorCode[] = ["DIVIDE_BY_ZERO", "OVERFLOW", "TOO_LONG", "MALFORMED"];

export type EvaluationResult =
  | { ok: true; value: Decimal }
  | { ok: false; code: CalcErrorCode; message: string };

export const MESSAGES = {
  divideByZero: "Cannot divide by zero",
  overflow: "Overflow",
  tooLong: "Expression is too long (max 1,000 characters)",
  empty: "Type an expression first, for example 2 + 3 × 4",
  unexpectedEnd: "The expression is not finished: add a number at the end",
  missingClose: "A '(' is never closed: add ')' at the end",
  tooDeep: `Too many nested parentheses (max ${MAX_NESTING_DEPTH})`,
  notAString: "Expression must be text",
  /** Only if the engine itself has a bug: never expected, asserted absent by the tests. */
  internal: "Could not evaluate this expression",
} as const;

/** Fixed message for each code whose message does not depend on the input. */
export const FIXED_MESSAGES: Record<Exclude<CalcErrorCode, "MALFORMED">, string> = {
  DIVIDE_BY_ZERO: MESSAGES.divideByZero,
  OVERFLOW: MESSAGES.overflow,
  TOO_LONG: MESSAGES.tooLong,
};

export class CalcError extends Error {
  readonly code: CalcErrorCode;
  constructor(code: CalcErrorCode, message: string) {
    super(message);
    this.name = "CalcError";
    this.code = code;
  }
}

export function malformed(message: string): CalcError {
  return new CalcError("MALFORMED", message);
}

/**
 * What to say about a character the calculator does not take, the same on the keypad's keyboard,
 * in the typed field and in the API: what to do instead where there is something.
 */
export function unknownCharacterAdvice(char: string): string {
  switch (char) {
    case "^":
      return "there is no power operator, multiply instead (2 × 2 × 2) or write powers of ten as 1e5";
    case ",":
      return "use '.' for decimals";
    case "=":
      return "press Enter or Evaluate to calculate";
    case "x":
    case "X":
      return "use * or × to multiply";
    default:
      return "use digits, + − × ÷ %, parentheses and e for powers of ten (1e5)";
  }
}

/** How a character or token is quoted in messages: printable text as-is, the rest as U+XXXX. */
export function describeText(text: string): string {
  const shortened = Array.from(text).length > 20 ? `${Array.from(text).slice(0, 20).join("")}…` : text;
  if (/^[\p{L}\p{N}\p{P}\p{S}]/u.test(shortened)) {
    return `'${shortened}'`;
  }
  const codePoint = text.codePointAt(0) ?? 0;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

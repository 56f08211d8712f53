/**
 * The calculator's number type: a decimal.js clone, so the engine never touches binary floats.
 *
 * - 34 significant digits (IEEE 754 decimal128's precision), rounding ROUND_HALF_EVEN
 *   ("banker's rounding"), applied by decimal.js after every arithmetic operation.
 * - Number literals are rounded to 34 significant digits when parsed (`parseLiteral`): the
 *   decimal.js constructor itself keeps every digit, so we round explicitly.
 * - Overflow: every literal, intermediate and result must stay below 1e1000 in magnitude (the
 *   largest value is 9.99…9e+999 with 34 nines); 1e1000 and beyond is "Overflow" (`isOverflow`),
 *   so `1e999 * 10` overflows.
 *
 * This module is shared by the server and the browser: no Node- or DOM-only APIs.
 */
import DecimalJs from "decimal.js";

export const PRECISION = 34;
export const ROUNDING = DecimalJs.ROUND_HALF_EVEN;

/** The configured clone. Use it (never `decimal.js` directly) for every calculator number. */
export const Decimal = DecimalJs.clone({
  precision: PRECISION,
  rounding: ROUNDING,
  toExpNeg: -7,
  toExpPos: 21,
  minE: -9e15,
  maxE: 9e15,
  crypto: false,
  modulo: DecimalJs.ROUND_DOWN,
});
/** Instance type of the clone (decimal.js clones share one instance type). */
export type Decimal = DecimalJs;

/** Overflow threshold: values must satisfy |x| < 1e1000. */
export const MAX_MAGNITUDE = new Decimal("1e1000");

export const ZERO = new Decimal(0);
export const HUNDRED = new Decimal(100);

/** True when `value` is not finite or its magnitude is 1e1000 or more. */
export function isOverflow(value: Decimal): boolean {
  return !value.isFinite() || value.abs().gte(MAX_MAGNITUDE);
}

/** Rounds to 34 significant digits, half-even, and turns -0 into 0. */
export function normalize(value: Decimal): Decimal {
  const rounded = new Decimal(value).toSignificantDigits(PRECISION, ROUNDING);
  return rounded.isZero() ? ZERO : rounded;
}

/**
 * Syntax of a number literal the engine accepts: `12`, `12.5`, `.5`, `5.`, optionally followed
 * by an exponent (`1e+500`, `2.5E-3`). No sign (signs are unary operators), no grouping.
 */
const LITERAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isNumberLiteral(text: string): boolean {
  return LITERAL.test(text);
}

/**
 * Parses a literal (already validated by the tokenizer) rounded to 34 significant digits.
 * Returns `null` when it is not a literal at all.
 */
export function parseLiteral(text: string): Decimal | null {
  if (!isNumberLiteral(text)) return null;
  return normalize(new Decimal(text));
}

/**
 * Canonical decimal string check, used to validate numbers a client sends back: the string must
 * be exactly what `formatDecimal` would print for its value (see format.ts), which also implies
 * finite, at most 34 significant digits and below 1e1000 in magnitude.
 */
export const DECIMAL_STRING_MAX_LENGTH = 64;
const DECIMAL_STRING = /^-?(?:\d+(?:\.\d+)?)(?:e[+-]\d+)?$/;

export function parseDecimalString(text: string): Decimal | null {
  if (text.length === 0 || text.length > DECIMAL_STRING_MAX_LENGTH) return null;
  if (!DECIMAL_STRING.test(text)) return null;
  const value = new Decimal(text);
  if (isOverflow(value)) return null;
  return value;
}

/** The value of a decimal string held in a state (memory, result), zero when there is none. */
export function decimalOf(text: string | null): Decimal {
  return (text !== null && parseDecimalString(text)) || new Decimal(0);
}

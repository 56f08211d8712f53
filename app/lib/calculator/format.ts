/**
 * Number formatting.
 *
 * formatDisplay (the calculator's display): at most 16 significant digits (rounded half-even),
 * so 34-digit arithmetic noise never shows (1 ÷ 3 × 3 → "1", 2 ÷ 3 → "0.6666666666666667");
 * no trailing zeros; the integer part grouped with commas ("1,234,567.89"); exponent form when
 * the rounded value is 1e16 or more, or non-zero below 1e-9 ("1.2345e+25", "-1e-10"). ASCII "-"
 * for negatives; negative zero is "0".
 *
 * formatDecimal (the JSON API's "decimal string"): every significant digit (up to 34), no
 * grouping, plain notation when 1e-20 ≤ |x| < 1e34 ("999999999999998000000000000001",
 * "0.0000000000000000001"), otherwise exponent notation ("1e+500", "-2.5e-21"). It is canonical
 * (one string per value) and reads back through `evaluate` and `new Decimal(...)` unchanged.
 */
import type { Decimal as DecimalValue } from "./decimal";
import { Decimal, ROUNDING, normalize } from "./decimal";

export const DISPLAY_DIGITS = 16;
const DISPLAY_EXPONENT_ABOVE = new Decimal("1e16");
const DISPLAY_EXPONENT_BELOW = new Decimal("1e-9");
const DECIMAL_EXPONENT_ABOVE = new Decimal("1e34");
const DECIMAL_EXPONENT_BELOW = new Decimal("1e-20");

/** Inserts thousands separators into the integer part of a plain decimal string. */
export function groupDigits(plain: string): string {
  const negative = plain.startsWith("-");
  const unsigned = negative ? plain.slice(1) : plain;
  const point = unsigned.indexOf(".");
  const integer = point === -1 ? unsigned : unsigned.slice(0, point);
  const fraction = point === -1 ? "" : unsigned.slice(point);
  let grouped = "";
  for (let index = 0; index < integer.length; index += 1) {
    const remaining = integer.length - index;
    grouped += integer[index];
    if (remaining > 1 && remaining % 3 === 1) grouped += ",";
  }
  return `${negative ? "-" : ""}${grouped}${fraction}`;
}

function nonFinite(value: DecimalValue): string | null {
  if (value.isNaN()) return "Not a number";
  if (!value.isFinite()) return "Overflow";
  return null;
}

/** The display line for a value. Never throws. */
export function formatDisplay(value: DecimalValue): string {
  let rounded: DecimalValue;
  try {
    const decimal = new Decimal(value);
    const special = nonFinite(decimal);
    if (special) return special;
    rounded = decimal.toSignificantDigits(DISPLAY_DIGITS, ROUNDING);
  } catch {
    return "Not a number";
  }
  if (rounded.isZero()) return "0";
  const magnitude = rounded.abs();
  if (magnitude.gte(DISPLAY_EXPONENT_ABOVE) || magnitude.lt(DISPLAY_EXPONENT_BELOW)) {
    return rounded.toExponential();
  }
  return groupDigits(rounded.toFixed());
}

/** The full-precision, canonical decimal string for the API. Never throws. */
export function formatDecimal(value: DecimalValue): string {
  let decimal: DecimalValue;
  try {
    decimal = new Decimal(value);
  } catch {
    return "NaN";
  }
  if (!decimal.isFinite()) return decimal.toString();
  const rounded = normalize(decimal);
  if (rounded.isZero()) return "0";
  const magnitude = rounded.abs();
  if (magnitude.gte(DECIMAL_EXPONENT_ABOVE) || magnitude.lt(DECIMAL_EXPONENT_BELOW)) {
    return rounded.toExponential();
  }
  return rounded.toFixed();
}

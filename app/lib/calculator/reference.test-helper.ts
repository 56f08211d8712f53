/**
 * An independent arbitrary-precision reference for the property tests: exact rationals on
 * BigInt (numerator / denominator), with its own decimal parser, its own half-even rounding to
 * N significant digits and its own canonical rendering. It shares no code with decimal.js or the
 * engine, so the engine is checked against arithmetic it did not do itself.
 */

export type Rational = { readonly n: bigint; readonly d: bigint };

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError("zero denominator");
  const sign = d < 0n ? -1n : 1n;
  const divisor = gcd(n, d) || 1n;
  return { n: (sign * n) / divisor, d: (sign * d) / divisor };
}

export const ZERO = rational(0n);

export function isZero(value: Rational): boolean {
  return value.n === 0n;
}

export function equals(a: Rational, b: Rational): boolean {
  return a.n === b.n && a.d === b.d;
}

export function negate(value: Rational): Rational {
  return rational(-value.n, value.d);
}

export function add(a: Rational, b: Rational): Rational {
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function subtract(a: Rational, b: Rational): Rational {
  return add(a, negate(b));
}

export function multiply(a: Rational, b: Rational): Rational {
  return rational(a.n * b.n, a.d * b.d);
}

/** Exact quotient; null when dividing by zero. */
export function divide(a: Rational, b: Rational): Rational | null {
  if (isZero(b)) return null;
  return rational(a.n * b.d, a.d * b.n);
}

/** |a| compared with |b|: -1, 0 or 1. */
export function compareMagnitude(a: Rational, b: Rational): number {
  const left = abs(a.n) * b.d;
  const right = abs(b.n) * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Parses "12", "-1.5", ".5", "5.", "1e+500", "-2.5E-3" (a plain decimal string, no operators). */
export function parseDecimal(text: string): Rational {
  let index = 0;
  let negative = false;
  if (text[index] === "-" || text[index] === "+") {
    negative = text[index] === "-";
    index += 1;
  }
  let digits = "";
  let fractionDigits = 0;
  let seenPoint = false;
  for (; index < text.length; index += 1) {
    const char = text[index] as string;
    if (char >= "0" && char <= "9") {
      digits += char;
      if (seenPoint) fractionDigits += 1;
    } else if (char === "." && !seenPoint) {
      seenPoint = true;
    } else {
      break;
    }
  }
  let exponent = 0;
  if (text[index] === "e" || text[index] === "E") {
    const exponentText = text.slice(index + 1);
    if (!/^[+-]?\d+$/.test(exponentText)) throw new SyntaxError(`bad exponent in ${text}`);
    exponent = Number(exponentText);
    index = text.length;
  }
  if (index !== text.length || digits === "") throw new SyntaxError(`not a decimal: ${text}`);
  const coefficient = BigInt(digits) * (negative ? -1n : 1n);
  const scale = exponent - fractionDigits;
  return scale >= 0 ? rational(coefficient * pow10(scale)) : rational(coefficient, pow10(-scale));
}

/** floor(log10(|value|)) for a non-zero rational. */
function decimalExponent(value: Rational): number {
  const n = abs(value.n);
  const d = value.d;
  let exponent = n.toString().length - d.toString().length;
  // Now 10^(exponent-1) < n/d < 10^(exponent+1); settle it.
  const atLeast = (k: number) => (k >= 0 ? n >= d * pow10(k) : n * pow10(-k) >= d);
  while (!atLeast(exponent)) exponent -= 1;
  while (atLeast(exponent + 1)) exponent += 1;
  return exponent;
}

/** Rounds to `digits` significant digits, ties to even. */
export function roundSignificant(value: Rational, digits = 34): Rational {
  if (isZero(value)) return ZERO;
  const negative = value.n < 0n;
  const n = abs(value.n);
  const scale = digits - 1 - decimalExponent(value); // value × 10^scale has `digits` integer digits
  const numerator = scale >= 0 ? n * pow10(scale) : n;
  const denominator = scale >= 0 ? value.d : value.d * pow10(-scale);
  let quotient = numerator / denominator;
  const twiceRemainder = 2n * (numerator % denominator);
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) quotient += 1n;
  const signed = negative ? -quotient : quotient;
  return scale >= 0 ? rational(signed, pow10(scale)) : rational(signed * pow10(-scale));
}

/**
 * Canonical rendering of a terminating decimal: "0", or sign, one digit, optional fraction
 * without trailing zeros, "e", exponent ("-1.25e3", "5e-7"). Throws for 1/3 and friends.
 */
export function toCanonical(value: Rational): string {
  if (isZero(value)) return "0";
  let d = value.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos += 1;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives += 1;
  }
  if (d !== 1n) throw new RangeError("not a terminating decimal");
  const shift = Math.max(twos, fives);
  let coefficient = abs(value.n) * (pow10(shift) / value.d); // value = ±coefficient × 10^-shift
  let exponent = -shift;
  while (coefficient % 10n === 0n) {
    coefficient /= 10n;
    exponent += 1;
  }
  const text = coefficient.toString();
  const scientific = exponent + text.length - 1;
  const mantissa = text.length > 1 ? `${text[0]}.${text.slice(1)}` : text;
  return `${value.n < 0n ? "-" : ""}${mantissa}e${scientific}`;
}

export type ReferenceOutcome = { ok: true; value: Rational } | { ok: false; code: "DIVIDE_BY_ZERO" | "OVERFLOW" };

export const OVERFLOW_LIMIT = rational(pow10(1000));

/** Overflow check of the reference: |value| must stay below 1e1000. */
export function overflows(value: Rational): boolean {
  return compareMagnitude(value, OVERFLOW_LIMIT) >= 0;
}

// ------------------------------------------------------------ expression trees (property b)

export type Tree =
  | { kind: "number"; text: string }
  | { kind: "negate"; operand: Tree }
  | { kind: "group"; inner: Tree }
  | { kind: "percent"; operand: Tree }
  | { kind: "binary"; operator: "+" | "-" | "*" | "/"; left: Tree; right: Tree };

class ReferenceError34 extends Error {
  constructor(readonly code: "DIVIDE_BY_ZERO" | "OVERFLOW") {
    super(code);
  }
}

function step(value: Rational): Rational {
  const rounded = roundSignificant(value, 34);
  if (overflows(rounded)) throw new ReferenceError34("OVERFLOW");
  return rounded;
}

/** `-…-b%` standing as the right operand of + or −: the percent node and the sign. */
function percentOf(tree: Tree): { negative: boolean; percent: Tree } | null {
  let negative = false;
  let node = tree;
  while (node.kind === "negate") {
    negative = !negative;
    node = node.operand;
  }
  return node.kind === "percent" ? { negative, percent: node } : null;
}

function referenceValue(tree: Tree): Rational {
  switch (tree.kind) {
    case "number":
      return step(parseDecimal(tree.text));
    case "negate":
      return negate(referenceValue(tree.operand));
    case "group":
      return referenceValue(tree.inner);
    case "percent":
      return step(multiply(referenceValue(tree.operand), rational(1n, 100n)));
    case "binary": {
      const left = referenceValue(tree.left);
      const percent = tree.operator === "+" || tree.operator === "-" ? percentOf(tree.right) : null;
      if (percent) {
        const rate = referenceValue(percent.percent);
        const amount = step(multiply(left, percent.negative ? negate(rate) : rate));
        return step(tree.operator === "+" ? add(left, amount) : subtract(left, amount));
      }
      const right = referenceValue(tree.right);
      if (tree.operator === "+") return step(add(left, right));
      if (tree.operator === "-") return step(subtract(left, right));
      if (tree.operator === "*") return step(multiply(left, right));
      const quotient = divide(left, right);
      if (!quotient) throw new ReferenceError34("DIVIDE_BY_ZERO");
      return step(quotient);
    }
  }
}

/**
 * Evaluates a tree the way the engine is specified to: literals rounded to 34 digits, every
 * operation rounded to 34 digits half-even, |x| ≥ 1e1000 overflows, left to right (first error
 * wins), % as in docs/decisions/002-percent-key.md.
 */
export function referenceEvaluate(tree: Tree): ReferenceOutcome {
  try {
    return { ok: true, value: referenceValue(tree) };
  } catch (error) {
    if (error instanceof ReferenceError34) return { ok: false, code: error.code };
    throw error;
  }
}

/**
 * Property tests against an independent reference (exact BigInt rationals, see
 * reference.test-helper.ts), not against decimal.js.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal";
import { CALC_ERROR_CODES, MESSAGES } from "./errors";
import { evaluate } from "./evaluate";
import { formatDecimal, formatDisplay } from "./format";
import { calculatorView } from "./display";
import { enterExpression, lastEvaluation, press } from "./keypad";
import { KEYS } from "./keys";
import type { Tree } from "./reference.test-helper";
import {
  add,
  compareMagnitude,
  divide,
  equals,
  multiply,
  overflows,
  parseDecimal,
  pow10,
  rational,
  referenceEvaluate,
  roundSignificant,
  subtract,
  toCanonical,
} from "./reference.test-helper";
import type { CalculatorState } from "./state";
import { initialState, isCanonicalDecimal } from "./state";
import { calculatorStateSchema } from "./state-schema";

// ------------------------------------------------------------------ generators

type NumberSpec = { coefficient: bigint; exponent: number; style: "plain" | "scientific" | "integer-e" | "bare-point" };

/** Renders coefficient × 10^exponent as a literal the engine accepts (never signed). */
function renderNumber({ coefficient, exponent, style }: NumberSpec): string {
  const digits = coefficient.toString();
  if (style === "integer-e") return `${digits}e${exponent}`;
  if (style === "scientific") {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const scientific = exponent + digits.length - 1;
    return `${mantissa}E${scientific >= 0 ? "+" : ""}${scientific}`;
  }
  if (Math.abs(exponent) > 60) return `${digits}e${exponent}`;
  if (exponent >= 0) return digits + "0".repeat(exponent);
  const padded = digits.padStart(-exponent + 1, "0");
  const integer = padded.slice(0, exponent);
  const fraction = padded.slice(exponent);
  if (style === "bare-point" && /^0+$/.test(integer)) return `.${fraction}`;
  return `${integer}.${fraction}`;
}

function numberArbitrary(maxDigits: number, minExponent: number, maxExponent: number): fc.Arbitrary<string> {
  const coefficient = fc.oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: pow10(maxDigits) - 1n }) },
    { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 999n }) },
    { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 5n, 25n, pow10(maxDigits - 1), pow10(maxDigits) - 1n) },
  );
  const exponent = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: minExponent, max: maxExponent }) },
    { weight: 2, arbitrary: fc.integer({ min: -12, max: 12 }) },
  );
  const style = fc.constantFrom<NumberSpec["style"]>("plain", "scientific", "integer-e", "bare-point");
  return fc.record({ coefficient, exponent, style }).map(renderNumber);
}

const SYMBOLS = {
  ascii: { "+": "+", "-": "-", "*": "*", "/": "/" },
  unicode: { "+": "+", "-": "\u2212", "*": "\u00d7", "/": "\u00f7" },
} as const;

type Style = { unicode: boolean; spaces: boolean };

const PRECEDENCE = { "+": 1, "-": 1, "*": 2, "/": 2 } as const;

/** Renders a tree with the fewest parentheses its structure needs (plus its explicit groups). */
function renderTree(tree: Tree, style: Style): string {
  const symbols = style.unicode ? SYMBOLS.unicode : SYMBOLS.ascii;
  const gap = style.spaces ? " " : "";
  const wrap = (text: string) => `(${text})`;
  switch (tree.kind) {
    case "number":
      return tree.text;
    case "group":
      return wrap(renderTree(tree.inner, style));
    case "negate": {
      const operand = renderTree(tree.operand, style);
      return `${symbols["-"]}${tree.operand.kind === "binary" ? wrap(operand) : operand}`;
    }
    case "percent": {
      const operand = renderTree(tree.operand, style);
      const bare = tree.operand.kind === "number" || tree.operand.kind === "group" || tree.operand.kind === "percent";
      return `${bare ? operand : wrap(operand)}%`;
    }
    case "binary": {
      const precedence = PRECEDENCE[tree.operator];
      let left = renderTree(tree.left, style);
      let right = renderTree(tree.right, style);
      if (tree.left.kind === "binary" && PRECEDENCE[tree.left.operator] < precedence) left = wrap(left);
      if (tree.right.kind === "binary" && PRECEDENCE[tree.right.operator] <= precedence) right = wrap(right);
      return `${left}${gap}${symbols[tree.operator]}${gap}${right}`;
    }
  }
}

const leaf: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 4, arbitrary: numberArbitrary(40, -40, 40) }, // up to 40 digits: rounded to 34 on parse
  { weight: 1, arbitrary: fc.constantFrom("0", "1", "2", "3", "7", "100", "0.1") },
).map((text): Tree => ({ kind: "number", text }));

const trees: fc.Arbitrary<Tree>[] = [leaf];
for (let depth = 1; depth <= 4; depth += 1) {
  const below = trees[depth - 1] as fc.Arbitrary<Tree>;
  trees.push(
    fc.oneof(
      { weight: 2, arbitrary: below },
      {
        weight: 5,
        arbitrary: fc
          .record({ operator: fc.constantFrom("+", "-", "*", "/" as const), left: below, right: below })
          .map((node): Tree => ({ kind: "binary", ...node })),
      },
      { weight: 1, arbitrary: below.map((operand): Tree => ({ kind: "negate", operand })) },
      { weight: 1, arbitrary: below.map((inner): Tree => ({ kind: "group", inner })) },
      { weight: 1, arbitrary: below.map((operand): Tree => ({ kind: "percent", operand })) },
    ),
  );
}
const tree = trees[4] as fc.Arbitrary<Tree>;
const style = fc.record({ unicode: fc.boolean(), spaces: fc.boolean() });

/** The engine's answer as reference canonical text ("1.5e3") or an error code. */
function engineOutcome(expression: string): string {
  const result = evaluate(expression);
  if (!result.ok) return result.code;
  return toCanonical(parseDecimal(formatDecimal(result.value)));
}

// ------------------------------------------------------------------ properties

describe("the reference itself", () => {
  it("rounds half-even and renders canonically", () => {
    expect(toCanonical(roundSignificant(parseDecimal("1.0000000000000000000000000000000005")))).toBe("1e0");
    expect(toCanonical(roundSignificant(parseDecimal("1.0000000000000000000000000000000015")))).toBe(
      "1.000000000000000000000000000000002e0",
    );
    expect(toCanonical(roundSignificant(rational(1n, 3n)))).toBe("3.333333333333333333333333333333333e-1");
    expect(toCanonical(roundSignificant(rational(2n, 3n)))).toBe("6.666666666666666666666666666666667e-1");
    expect(toCanonical(roundSignificant(rational(-25n, 10n), 1))).toBe("-2e0");
    expect(toCanonical(roundSignificant(rational(35n, 10n), 1))).toBe("4e0");
    expect(toCanonical(roundSignificant(parseDecimal("9.99"), 2))).toBe("1e1");
    expect(toCanonical(parseDecimal("-0.00120"))).toBe("-1.2e-3");
    expect(toCanonical(parseDecimal(".5e+2"))).toBe("5e1");
    expect(overflows(parseDecimal("1e1000"))).toBe(true);
    expect(overflows(parseDecimal("9.9e999"))).toBe(false);
    expect(() => toCanonical(rational(1n, 3n))).toThrow();
    expect(
      referenceEvaluate({
        kind: "binary",
        operator: "+",
        left: { kind: "number", text: "200" },
        right: { kind: "negate", operand: { kind: "percent", operand: { kind: "number", text: "10" } } },
      }),
    ).toEqual({ ok: true, value: rational(180n) });
  });
});

describe("properties", () => {
  it("(a) a op b equals the exact result rounded once to 34 digits", () => {
    const operand = numberArbitrary(34, -640, 600);
    fc.assert(
      fc.property(
        operand,
        operand,
        fc.constantFrom("+", "-", "*", "/" as const),
        fc.boolean(),
        fc.constantFrom("", "-", "(-)"),
        style,
        (a, b, operator, negateA, bSign, how) => {
          const exactA = negateA ? subtract(rational(0n), parseDecimal(a)) : parseDecimal(a);
          const exactB = bSign ? subtract(rational(0n), parseDecimal(b)) : parseDecimal(b);
          const symbols = how.unicode ? SYMBOLS.unicode : SYMBOLS.ascii;
          const gap = how.spaces ? " " : "";
          const bText = bSign === "(-)" ? `(${symbols["-"]}${b})` : `${bSign ? symbols["-"] : ""}${b}`;
          const expression = `${negateA ? symbols["-"] : ""}${a}${gap}${symbols[operator]}${gap}${bText}`;
          const exact =
            operator === "+"
              ? add(exactA, exactB)
              : operator === "-"
                ? subtract(exactA, exactB)
                : operator === "*"
                  ? multiply(exactA, exactB)
                  : divide(exactA, exactB);
          let expected: string;
          if (exact === null) expected = "DIVIDE_BY_ZERO";
          else {
            const rounded = roundSignificant(exact, 34);
            expected = overflows(rounded) ? "OVERFLOW" : toCanonical(rounded);
          }
          expect(engineOutcome(expression), expression).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("(b) expression trees match a reference that rounds after each operation", () => {
    fc.assert(
      fc.property(tree, style, (expressionTree, how) => {
        const expression = renderTree(expressionTree, how);
        const reference = referenceEvaluate(expressionTree);
        const expected =
          expression.length > 1000 ? "TOO_LONG" : reference.ok ? toCanonical(reference.value) : reference.code;
        expect(engineOutcome(expression), expression).toBe(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it("(b') divide by zero is reached the same way", () => {
    const zeroish: fc.Arbitrary<Tree> = fc
      .constantFrom("0", "0.0", "1", "2", "100")
      .map((text): Tree => ({ kind: "number", text }));
    let small: fc.Arbitrary<Tree> = zeroish;
    for (let depth = 0; depth < 3; depth += 1) {
      const below = small;
      small = fc.oneof(
        below,
        fc
          .record({ operator: fc.constantFrom("+", "-", "*", "/" as const), left: below, right: below })
          .map((node): Tree => ({ kind: "binary", ...node })),
        below.map((operand): Tree => ({ kind: "percent", operand })),
        below.map((operand): Tree => ({ kind: "negate", operand })),
      );
    }
    let divideByZero = 0;
    fc.assert(
      fc.property(small, (expressionTree) => {
        const expression = renderTree(expressionTree, { unicode: false, spaces: false });
        const reference = referenceEvaluate(expressionTree);
        if (!reference.ok && reference.code === "DIVIDE_BY_ZERO") divideByZero += 1;
        expect(engineOutcome(expression), expression).toBe(reference.ok ? toCanonical(reference.value) : reference.code);
      }),
      { numRuns: 1000 },
    );
    expect(divideByZero).toBeGreaterThan(50);
  });

  it("(c) formatDecimal output parses back to the same value; formatDisplay rounds to 16 digits", () => {
    const displayLimit = rational(pow10(16));
    const displayFloor = rational(1n, pow10(9));
    fc.assert(
      fc.property(numberArbitrary(40, -1100, 1100), fc.boolean(), (text, negative) => {
        const exact = parseDecimal(`${negative ? "-" : ""}${text}`);
        const value = new Decimal(`${negative ? "-" : ""}${text}`);
        const decimalString = formatDecimal(value);
        const rounded = roundSignificant(exact, 34);
        // full precision, canonical, reads back
        expect(equals(parseDecimal(decimalString), rounded), `${text} → ${decimalString}`).toBe(true);
        expect(new Decimal(decimalString).eq(value.toSignificantDigits(34))).toBe(true);
        expect(decimalString).not.toContain(",");
        const large = compareMagnitude(rounded, rational(pow10(34))) >= 0;
        const small = rounded.n !== 0n && compareMagnitude(rounded, rational(1n, pow10(20))) < 0;
        expect(decimalString.includes("e"), decimalString).toBe(large || small);
        if (!overflows(rounded)) {
          expect(isCanonicalDecimal(decimalString), decimalString).toBe(true);
          const again = evaluate(decimalString);
          expect(again.ok && formatDecimal(again.value)).toBe(decimalString);
        }
        // the display: the 34-digit value rounded once more to 16 digits, grouped or in exponent form
        const shown = formatDisplay(new Decimal(decimalString));
        const sixteen = roundSignificant(rounded, 16);
        expect(equals(parseDecimal(shown.replaceAll(",", "")), sixteen), `${decimalString} → ${shown}`).toBe(true);
        const exponentForm =
          sixteen.n !== 0n &&
          (compareMagnitude(sixteen, displayLimit) >= 0 || compareMagnitude(sixteen, displayFloor) < 0);
        if (exponentForm) expect(shown).toMatch(/^-?\d(\.\d*[1-9])?e[+-]\d+$/);
        else expect(shown).toMatch(/^-?\d{1,3}(,\d{3})*(\.\d*[1-9])?$/);
      }),
      { numRuns: 2000 },
    );
  });

  it("(c') the display rounds ties at the 17th digit half-even", () => {
    const ties = fc.record({
      base: fc.bigInt({ min: pow10(15), max: pow10(16) - 1n }),
      exponent: fc.integer({ min: -30, max: 30 }),
      negative: fc.boolean(),
    });
    fc.assert(
      fc.property(ties, ({ base, exponent, negative }) => {
        const text = `${negative ? "-" : ""}${base * 10n + 5n}e${exponent}`;
        const shown = formatDisplay(new Decimal(text));
        const expected = roundSignificant(parseDecimal(text), 16);
        expect(equals(parseDecimal(shown.replaceAll(",", "")), expected), `${text} → ${shown}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("(d) never throws on arbitrary strings and answers ok or a known error", () => {
    const calculatorish = fc
      .array(
        fc.constantFrom(..."0123456789.+-*/()% e×÷−".split(""), "1e+5", "((", "))", "\u00a0", "-", "%"),
        { maxLength: 700 },
      )
      .map((parts) => parts.join(""));
    const inputs = fc.oneof(
      fc.string({ maxLength: 1100 }),
      fc.string({ unit: "binary", maxLength: 1100 }),
      fc.string({ unit: "grapheme", maxLength: 1100 }),
      calculatorish,
      fc.integer({ min: 995, max: 1005 }).map((length) => "(".repeat(length)),
    );
    fc.assert(
      fc.property(inputs, (input) => {
        const result = evaluate(input);
        if (result.ok) {
          expect(result.value.isFinite()).toBe(true);
          expect(result.value.abs().lt("1e1000")).toBe(true);
        } else {
          expect(CALC_ERROR_CODES).toContain(result.code);
          expect(result.message.length).toBeGreaterThan(0);
          expect(result.message).not.toBe(MESSAGES.internal);
        }
        if (input.length > 1000) expect(result).toMatchObject({ ok: false, code: "TOO_LONG" });
      }),
      { numRuns: 1200 },
    );
  });

  it("keypad: any key sequence keeps a valid state, a working view and correct evaluations", () => {
    const memoryStart = fc.constantFrom("0", "7", "-2.5", "1e+500", "0.3333333333333333333333333333333333");
    fc.assert(
      fc.property(memoryStart, fc.array(fc.constantFrom(...KEYS), { maxLength: 120 }), (memory, keys) => {
        let state: CalculatorState = { ...initialState, memory };
        for (const key of keys) {
          state = press(state, key);
          const parsed = calculatorStateSchema.safeParse(JSON.parse(JSON.stringify(state)));
          expect(parsed.success, `${key}: ${JSON.stringify(state)}`).toBe(true);
          const shown = calculatorView(state);
          expect(shown.display.length).toBeGreaterThan(0);
          expect(shown.error === null).toBe(state.mode !== "error");
          expect(shown.error).not.toBe(MESSAGES.internal);
          const evaluation = lastEvaluation(state);
          if (evaluation) {
            // what is saved to history evaluates to what was shown
            const again = evaluate(evaluation.expression);
            expect(again.ok && formatDecimal(again.value), evaluation.expression).toBe(evaluation.result);
            expect(enterExpression(state, evaluation.expression).result).toBe(evaluation.result);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal";
import { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from "./errors";
import { evaluate } from "./evaluate";
import { formatDecimal } from "./format";

/** The result as a canonical decimal string, or the error as "CODE: message". */
function run(expression: string): string {
  const result = evaluate(expression);
  return result.ok ? formatDecimal(result.value) : `${result.code}: ${result.message}`;
}

const ones = (count: number) => "1".repeat(count);

describe("evaluate: values", () => {
  it.each([
    // precedence and parentheses
    ["1+2*3", "7"],
    ["2*3+1", "7"],
    ["10-4/2", "8"],
    ["(1+2)*3", "9"],
    ["2*(3+4)*5", "70"],
    ["((2))", "2"],
    ["(((1+2)*(3+4)))/7", "3"],
    // left associativity
    ["8-3-2", "3"],
    ["8/4/2", "1"],
    ["2-3+4", "3"],
    ["100/10*10", "100"],
    ["2*3/4", "1.5"],
    // unary minus and plus
    ["-2", "-2"],
    ["+2", "2"],
    ["--2", "2"],
    ["---2", "-2"],
    ["+-+2", "-2"],
    ["2*-3", "-6"],
    ["2--3", "5"],
    ["-2*-3", "6"],
    ["-(2+3)", "-5"],
    ["1 - -1", "2"],
    ["(-2)*(-2)", "4"],
    ["-2+5", "3"],
    ["2/-4", "-0.5"],
    // percent, every form
    ["50%", "0.5"],
    ["1%", "0.01"],
    ["12.5%", "0.125"],
    ["200+10%", "220"],
    ["200-10%", "180"],
    ["200*10%", "20"],
    ["200/10%", "2000"],
    ["200+-10%", "180"],
    ["200--10%", "220"],
    ["-50%", "-0.5"],
    ["10%%", "0.001"],
    ["(200+10)%", "2.1"],
    ["100+(10%)", "100.1"],
    ["100+(2+3)%", "105"],
    ["2*50+10%", "110"],
    ["100+10%+10%", "121"],
    ["100+10%*2", "100.2"],
    ["5%*200", "10"],
    ["0+50%", "0"],
    ["3 × 20%", "0.6"],
    ["-200-10%", "-180"],
    // decimals
    [".5", "0.5"],
    ["5.", "5"],
    [".5+5.", "5.5"],
    ["0.1+0.2", "0.3"],
    ["1.10+2.20", "3.3"],
    ["3.000", "3"],
    ["007", "7"],
    ["1e3", "1000"],
    ["2.5E-3", "0.0025"],
    ["1e+500", "1e+500"],
    ["0.3-0.1", "0.2"],
    // whitespace anywhere between tokens
    ["  1 +\t2\n*3 ", "7"],
    ["( 1 + 2 ) * 3", "9"],
    ["\u00a01\u00a0+\u00a02", "3"],
    ["- - 2", "2"],
    ["50 %", "0.5"],
    // Unicode operators
    ["6×7", "42"],
    ["8÷2", "4"],
    ["9−3", "6"],
    ["−3 × −3", "9"],
    ["2 ÷ 4 − 1", "-0.5"],
    // exact decimal arithmetic with 34 digits
    ["999999999999999*999999999999999", "999999999999998000000000000001"],
    ["999999999999999 × 999999999999999", "999999999999998000000000000001"],
    ["1/3", "0.3333333333333333333333333333333333"],
    ["2/3", "0.6666666666666666666666666666666667"],
    ["1/3*3", "0.9999999999999999999999999999999999"],
    ["1/7", "0.1428571428571428571428571428571429"],
    ["9.999e999", "9.999e+999"],
    ["1e-999/1e-999", "1"],
    ["0*-5", "0"],
    ["-0", "0"],
    ["1" + "%".repeat(500), "1e-1000"],
    [Array(9).fill("1e100").join("*"), "1e+900"],
  ])("%j = %s", (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });
});

describe("evaluate: rounding to 34 significant digits, half-even", () => {
  it.each([
    // literals are rounded to 34 significant digits as they are read
    ["1.0000000000000000000000000000000005", "1"], // 35th digit 5, 34th even: stays
    ["1.0000000000000000000000000000000015", "1.000000000000000000000000000000002"], // 34th odd: up
    ["1.00000000000000000000000000000000051", "1.000000000000000000000000000000001"], // above half: up
    ["1.00000000000000000000000000000000049", "1"], // below half: down
    ["1234567890123456789012345678901234567890", "1.234567890123456789012345678901235e+39"],
    ["-1.0000000000000000000000000000000015", "-1.000000000000000000000000000000002"],
    // each operation is rounded
    ["1 + 5e-34", "1"],
    ["1.000000000000000000000000000000001 + 5e-34", "1.000000000000000000000000000000002"],
    ["-1 - 5e-34", "-1"],
    ["1234567890123456789012345678901234 + 0.5", "1234567890123456789012345678901234"],
    ["1234567890123456789012345678901233 + 0.5", "1234567890123456789012345678901234"],
    ["1234567890123456789012345678901234 + 0.51", "1234567890123456789012345678901235"],
    ["9999999999999999999999999999999999 + 1", "1e+34"],
    ["2/3 - 0.6666666666666666666666666666666667", "0"],
    [ones(1000), "1.111111111111111111111111111111111e+999"],
  ])("%j = %s", (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });
});

describe("evaluate: errors are states", () => {
  it.each([
    // divide by zero, also inside parentheses and via %
    ["1/0", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    ["0/0", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    ["1/(2-2)", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    ["(1/0)", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    ["2+(3/(4-4))", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    ["5/0%", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    ["5÷(0%)", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    ["1/0.000", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    ["1/-0", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    ["1/(1e-999*1e-999*0)", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    // overflow: results, intermediates and literals of magnitude 1e1000 or more
    ["1e999*10", "OVERFLOW: Overflow"],
    ["-1e999*10", "OVERFLOW: Overflow"],
    ["1e400*1e400*1e400", "OVERFLOW: Overflow"],
    ["1e999*10/100", "OVERFLOW: Overflow"], // the final value would fit: the intermediate does not
    ["1e999+9e999", "OVERFLOW: Overflow"],
    ["1/1e-1000", "OVERFLOW: Overflow"],
    ["1e1000", "OVERFLOW: Overflow"],
    ["1e99999999999999999999", "OVERFLOW: Overflow"],
    ["9.9999999999999999999999999999999999e999", "OVERFLOW: Overflow"], // rounds up to 1e1000
    ["1e999+1e999%", "OVERFLOW: Overflow"], // 1e999 + 1e999 × 10
    [Array(10).fill("1e100").join("*"), "OVERFLOW: Overflow"], // repeated multiplication
    [`${"9".repeat(34)}*`.repeat(27) + "9".repeat(34) + "*1e100", "OVERFLOW: Overflow"],
    // the first error met, left to right, wins
    ["1e999*10/0", "OVERFLOW: Overflow"],
    ["1/0*1e999*10", "DIVIDE_BY_ZERO: Cannot divide by zero"],
    // malformed
    ["", "MALFORMED: Type an expression first, for example 2 + 3 × 4"],
    ["   ", "MALFORMED: Type an expression first, for example 2 + 3 × 4"],
    ["(1+)", "MALFORMED: ')' at position 4 needs a number before it"],
    ["(1+2", "MALFORMED: A '(' is never closed: add ')' at the end"],
    ["((1+2)", "MALFORMED: A '(' is never closed: add ')' at the end"],
    ["2+", "MALFORMED: The expression is not finished: add a number at the end"],
    ["-", "MALFORMED: The expression is not finished: add a number at the end"],
    ["(", "MALFORMED: The expression is not finished: add a number at the end"],
    ["2x3", "MALFORMED: 'x' at position 2 is not allowed: use * or × to multiply"],
    ["1+2)", "MALFORMED: ')' at position 4 has no '(' to close"],
    [")", "MALFORMED: ')' at position 1 needs a number before it"],
    ["()", "MALFORMED: ')' at position 2 needs a number before it"],
    ["*2", "MALFORMED: '*' at position 1 needs a number before it"],
    ["×2", "MALFORMED: '×' at position 1 needs a number before it"],
    ["2**3", "MALFORMED: '*' at position 3 needs a number before it"],
    ["2 ÷ ÷ 3", "MALFORMED: '÷' at position 5 needs a number before it"],
    ["%5", "MALFORMED: '%' at position 1 needs a number before it"],
    ["2 3", "MALFORMED: Missing operator before '3' at position 3: add +, −, × or ÷"],
    ["2(3)", "MALFORMED: Missing operator before '(' at position 2: add +, −, × or ÷"],
    ["(2)(3)", "MALFORMED: Missing operator before '(' at position 4: add +, −, × or ÷"],
    ["1.2.3", "MALFORMED: '1.2.3' at position 1 is not a number: a number has one decimal point"],
    [".", "MALFORMED: '.' at position 1 is not a number: add digits, for example 0.5"],
    ["2e", "MALFORMED: '2e' at position 1 is not a number: an exponent needs digits, for example 2e5"],
    ["1+2e+", "MALFORMED: '2e+' at position 3 is not a number: an exponent needs digits, for example 2e5"],
    ["2,5", "MALFORMED: ',' at position 2 is not allowed: use '.' for decimals"],
    ["2^3", "MALFORMED: '^' at position 2 is not allowed: there is no power operator, multiply instead (2 × 2 × 2) or write powers of ten as 1e5"],
    ["eval(1)", "MALFORMED: 'e' at position 1 is not allowed: use digits, + − × ÷ %, parentheses and e for powers of ten (1e5)"],
    ["Math.max(1)", "MALFORMED: 'M' at position 1 is not allowed: use digits, + − × ÷ %, parentheses and e for powers of ten (1e5)"],
    ["1 + 😀", "MALFORMED: '😀' at position 5 is not allowed: use digits, + − × ÷ %, parentheses and e for powers of ten (1e5)"],
    ["😀+x", "MALFORMED: '😀' at position 1 is not allowed: use digits, + − × ÷ %, parentheses and e for powers of ten (1e5)"],
    ["1+\u200b2", "MALFORMED: U+200B at position 3 is not allowed: use digits, + − × ÷ %, parentheses and e for powers of ten (1e5)"],
    ["\u0000", "MALFORMED: U+0000 at position 1 is not allowed: use digits, + − × ÷ %, parentheses and e for powers of ten (1e5)"],
    ["1 + 2 = 3", "MALFORMED: '=' at position 7 is not allowed: press Enter or Evaluate to calculate"],
  ])("%j → %s", (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it("counts positions in code points", () => {
    expect(run("😀")).toBe("MALFORMED: '😀' at position 1 is not allowed: use digits, + − × ÷ %, parentheses and e for powers of ten (1e5)");
    expect(run("(1 + 2) + 😀")).toBe("MALFORMED: '😀' at position 11 is not allowed: use digits, + − × ÷ %, parentheses and e for powers of ten (1e5)");
    expect(run("1 ×× 2")).toBe("MALFORMED: '×' at position 4 needs a number before it");
  });

  it("accepts 1,000 characters and refuses 1,001", () => {
    const exactly = `1${"+1".repeat(499)} `; // 1,000 characters, value 500
    expect(exactly).toHaveLength(MAX_EXPRESSION_LENGTH);
    expect(run(exactly)).toBe("500");
    expect(run(`${exactly} `)).toBe("TOO_LONG: Expression is too long (max 1,000 characters)");
    expect(run("1".repeat(1001))).toBe("TOO_LONG: Expression is too long (max 1,000 characters)");
    // the length check comes first, before syntax
    expect(run("x".repeat(1001))).toBe("TOO_LONG: Expression is too long (max 1,000 characters)");
    expect(run("(".repeat(5000))).toBe("TOO_LONG: Expression is too long (max 1,000 characters)");
  });

  it("bounds nesting depth at 200 parentheses", () => {
    const nested = (depth: number) => `${"(".repeat(depth)}1${")".repeat(depth)}`;
    expect(run(nested(MAX_NESTING_DEPTH))).toBe("1");
    expect(run(nested(MAX_NESTING_DEPTH + 1))).toBe(
      "MALFORMED: Too many nested parentheses (max 200) at position 201",
    );
    expect(run("(".repeat(1000))).toBe("MALFORMED: Too many nested parentheses (max 200) at position 201");
    expect(run(`${"-(".repeat(200)}1${")".repeat(200)}`)).toBe("1");
    expect(run(`${"-(".repeat(201)}1${")".repeat(201)}`)).toMatch(/^MALFORMED: Too many nested/);
  });

  it("handles long flat inputs without recursion trouble", () => {
    expect(run(`${"-".repeat(999)}1`)).toBe("-1");
    expect(run(`${"+".repeat(999)}1`)).toBe("1");
    expect(run(`1${"*1".repeat(499)}`)).toBe("1");
    expect(run(`2${"%".repeat(999)}`)).toBe("2e-1998");
  });

  it("never throws for non-string input", () => {
    expect(evaluate(undefined as unknown as string)).toEqual({
      ok: false,
      code: "MALFORMED",
      message: "Expression must be text",
    });
    expect(evaluate(42 as unknown as string)).toMatchObject({ ok: false, code: "MALFORMED" });
  });

  it("returns values of the configured Decimal clone, never -0", () => {
    const result = evaluate("0*-1");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toBeInstanceOf(Decimal);
    expect(result.value.isNegative()).toBe(false);
    expect(Decimal.precision).toBe(34);
    expect(Decimal.rounding).toBe(Decimal.ROUND_HALF_EVEN);
  });
});

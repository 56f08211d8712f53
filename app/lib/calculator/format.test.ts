import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal";
import { evaluate } from "./evaluate";
import { formatDecimal, formatDisplay, groupDigits } from "./format";

function valueOf(expression: string): Decimal {
  const result = evaluate(expression);
  if (!result.ok) throw new Error(`${expression}: ${result.message}`);
  return result.value;
}

describe("formatDisplay", () => {
  it.each([
    // digit grouping
    ["1234567.89", "1,234,567.89"],
    ["-1234567.89", "-1,234,567.89"],
    ["1000", "1,000"],
    ["999", "999"],
    ["100000", "100,000"],
    ["0.5", "0.5"],
    ["-0.5", "-0.5"],
    ["9999999999999999", "9,999,999,999,999,999"],
    // zero, negative zero, trailing zeros
    ["0", "0"],
    ["-0", "0"],
    ["1.50", "1.5"],
    ["100.000", "100"],
    // exponent form: |x| ≥ 1e16 or 0 < |x| < 1e-9, judged after rounding to 16 digits
    ["1e16", "1e+16"],
    ["-1e16", "-1e+16"],
    ["12345678901234567890123456", "1.234567890123457e+25"],
    ["1.2345e25", "1.2345e+25"],
    ["9999999999999999.5", "1e+16"], // rounds to 16 digits first
    ["99999999999999995", "1e+17"],
    ["1e999", "1e+999"],
    ["-9.87654321e500", "-9.87654321e+500"],
    ["1e-9", "0.000000001"],
    ["1.5e-10", "1.5e-10"],
    ["-1e-20", "-1e-20"],
    ["0.000000000999999999999999999", "0.000000001"],
    ["0.0000000012345678901234567", "0.000000001234567890123457"],
    // at most 16 significant digits, half-even
    ["0.12345678901234565", "0.1234567890123456"],
    ["0.12345678901234575", "0.1234567890123458"],
    ["2.5", "2.5"],
    ["12345678901234565", "1.234567890123456e+16"],
    ["1234567890123456.5", "1,234,567,890,123,456"],
    ["1234567890123457.5", "1,234,567,890,123,458"],
  ])("%s → %s", (input, expected) => {
    expect(formatDisplay(new Decimal(input))).toBe(expected);
  });

  it.each([
    ["1/3*3", "1"],
    ["0.1+0.2", "0.3"],
    ["2/3", "0.6666666666666667"],
    ["1/3", "0.3333333333333333"],
    ["10/3", "3.333333333333333"],
    ["999999999999999*999999999999999", "9.99999999999998e+29"],
    ["0*-1", "0"],
    ["1234567.89 - 0.89", "1,234,567"],
    ["-1/3*3", "-1"],
  ])("shows %s as %s (no trailing-digit noise)", (expression, expected) => {
    expect(formatDisplay(valueOf(expression))).toBe(expected);
  });

  it("never throws on odd values", () => {
    expect(formatDisplay(new Decimal(Infinity))).toBe("Overflow");
    expect(formatDisplay(new Decimal(NaN))).toBe("Not a number");
    expect(formatDisplay("12" as unknown as Decimal)).toBe("12");
    expect(formatDisplay({} as unknown as Decimal)).toBe("Not a number");
  });
});

describe("formatDecimal", () => {
  it.each([
    ["0.1+0.2", "0.3"],
    ["999999999999999*999999999999999", "999999999999998000000000000001"],
    ["1/3", "0.3333333333333333333333333333333333"],
    ["1e500", "1e+500"],
    ["-1e500", "-1e+500"],
    ["1e33", "1000000000000000000000000000000000"],
    ["1e34", "1e+34"],
    ["1.5e34", "1.5e+34"],
    ["1e-20", "0.00000000000000000001"],
    ["1.5e-21", "1.5e-21"],
    ["123.4500", "123.45"],
    ["0*-5", "0"],
    ["1234567.89", "1234567.89"],
    ["1234567890123456789012345678901234567890", "1.234567890123456789012345678901235e+39"],
    ["2/3*1e-30", "6.666666666666666666666666666666667e-31"],
  ])("%s → %s", (expression, expected) => {
    expect(formatDecimal(valueOf(expression))).toBe(expected);
  });

  it("rounds a value with more than 34 digits to 34, half-even, and prints -0 as 0", () => {
    expect(formatDecimal(new Decimal("1.00000000000000000000000000000000050"))).toBe("1");
    expect(formatDecimal(new Decimal("1.00000000000000000000000000000000150"))).toBe(
      "1.000000000000000000000000000000002",
    );
    expect(formatDecimal(new Decimal("-0"))).toBe("0");
    expect(formatDecimal(new Decimal(Infinity))).toBe("Infinity");
  });
});

describe("groupDigits", () => {
  it.each([
    ["1", "1"],
    ["12", "12"],
    ["123", "123"],
    ["1234", "1,234"],
    ["1234567", "1,234,567"],
    ["-1234.5", "-1,234.5"],
    ["0.", "0."],
    ["12345.000", "12,345.000"],
  ])("%s → %s", (input, expected) => {
    expect(groupDigits(input)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { containsPattern, withCalculatorSymbols } from "./search";

describe("search patterns", () => {
  it("escapes LIKE wildcards and the escape character", () => {
    expect(containsPattern("10%")).toBe("%10\\%%");
    expect(containsPattern("a_b\\c")).toBe("%a\\_b\\\\c%");
    expect(containsPattern("2 + 3")).toBe("%2 + 3%");
  });

  it("maps typed operators to the calculator's symbols", () => {
    expect(withCalculatorSymbols("2 * -3/4")).toBe("2×−3÷4");
  });
});

import { describe, expect, it } from "vitest";
import { lastEvaluation, press, calculatorView } from "../calculator";
import { reuseHref, reuseState } from "./reuse";

describe("use again", () => {
  it("links to the calculator with the expression", () => {
    expect(reuseHref("2 × −3")).toBe("/?expression=2+%C3%97+%E2%88%923");
  });

  it("shows the expression's result, ready to continue, without counting as a new result", () => {
    const state = reuseState("12 + 7 × 3");
    expect(state && calculatorView(state)).toMatchObject({ expression: "12 + 7 × 3", display: "33" });
    expect(state && lastEvaluation(state)).toBeNull();
    const next = state && press(press(press(state, "+"), "1"), "=");
    expect(next && lastEvaluation(next)).toEqual({ expression: "33 + 1", result: "34" });
  });

  it("ignores missing, failing and over-long expressions", () => {
    expect(reuseState(null)).toBeNull();
    expect(reuseState("1/0")).toBeNull();
    expect(reuseState("1+".repeat(600) + "1")).toBeNull();
  });
});

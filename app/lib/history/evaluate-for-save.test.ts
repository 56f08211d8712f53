import { describe, expect, it } from "vitest";
import { enterExpression, initialState, lastEvaluation, press, type Key } from "~/lib/calculator";
import { evaluateForSave } from "./evaluate-for-save";

describe("evaluateForSave", () => {
  it("stores the engine's result for the expression", () => {
    expect(evaluateForSave("0.1 + 0.2")).toEqual({ ok: true, expression: "0.1 + 0.2", result: "0.3" });
    expect(evaluateForSave("  200 + 10%  ")).toEqual({ ok: true, expression: "200 + 10%", result: "220" });
    expect(evaluateForSave("2 × −3")).toEqual({ ok: true, expression: "2 × −3", result: "-6" });
  });

  it("refuses errors, empty and over-long expressions", () => {
    expect(evaluateForSave("1/0")).toEqual({ ok: false, reason: "Cannot divide by zero" });
    expect(evaluateForSave("   ").ok).toBe(false);
    expect(evaluateForSave("1+".repeat(600) + "1").ok).toBe(false);
    expect(evaluateForSave("2 +").ok).toBe(false);
  });

  it("agrees with the keypad on what it evaluated, repeated = included", () => {
    const keys: Key[] = ["1", "2", "+", "7", "*", "3", "=", "=", "%"];
    let state = initialState;
    const seen: Array<{ expression: string; result: string }> = [];
    for (const key of keys) {
      state = press(state, key);
      const evaluation = lastEvaluation(state);
      if (evaluation) seen.push(evaluation);
    }
    state = enterExpression(state, "200 - 10%");
    const typed = lastEvaluation(state);
    if (typed) seen.push(typed);
    expect(seen.map((s) => s.result)).toEqual(["33", "54", "180"]);
    for (const evaluation of seen) {
      expect(evaluateForSave(evaluation.expression)).toEqual({ ok: true, ...evaluation });
    }
  });
});

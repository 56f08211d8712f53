import { describe, expect, it } from "vitest";
import { calculatorView } from "./display";
import { enterExpression, press } from "./keypad";
import type { CalculatorState } from "./state";
import { initialState, isCanonicalDecimal } from "./state";
import { calculatorStateSchema } from "./state-schema";

const valid = (state: unknown) => calculatorStateSchema.safeParse(state).success;

const typing: CalculatorState = { ...initialState, input: "12+(3*-4" };
const result: CalculatorState = {
  ...initialState,
  mode: "result",
  input: "2+3",
  result: "5",
  repeatOperator: "+",
  repeatOperand: "3",
  justEvaluated: true,
  memory: "-1.5e+500",
};
const error: CalculatorState = { ...initialState, mode: "error", input: "2x", error: "MALFORMED" };

describe("calculatorStateSchema", () => {
  it("accepts the initial state and hand-made valid states", () => {
    for (const state of [initialState, typing, result, error]) {
      expect(calculatorStateSchema.parse(state)).toEqual(state);
    }
    expect(valid({ ...initialState, input: "(".repeat(200) })).toBe(true);
    expect(valid({ ...initialState, input: `1${"+1".repeat(499)}` })).toBe(true);
    expect(valid({ ...error, input: "anything at all, even 😀", error: "OVERFLOW" })).toBe(true);
  });

  it("accepts states made by press and enterExpression, also round-tripped through JSON", () => {
    let state = initialState;
    const states: CalculatorState[] = [];
    for (const key of ["1", ".", "5", "*", "(", "2", "-", "3", "%", ")", "negate", "memory-add", "="] as const) {
      state = press(state, key);
      states.push(state);
    }
    states.push(enterExpression(state, "1/3"), enterExpression(state, "1/0"), enterExpression(state, "2x"));
    states.push(enterExpression(state, "9".repeat(1001)));
    for (const each of states) {
      const roundTripped: unknown = JSON.parse(JSON.stringify(each));
      expect(calculatorStateSchema.safeParse(roundTripped).success, JSON.stringify(each)).toBe(true);
      for (const value of Object.values(each)) {
        expect(value === null || typeof value === "string" || typeof value === "boolean").toBe(true);
      }
    }
  });

  it.each<[string, unknown]>([
    ["not an object", "state"],
    ["null", null],
    ["an array", []],
    ["an extra key", { ...initialState, extra: 1 }],
    ["an own __proto__ key", JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(initialState).slice(1)}`)],
    ["a missing key", (({ memory: _memory, ...rest }) => rest)(initialState)],
    ["an unknown mode", { ...initialState, mode: "edit" }],
    ["a huge input", { ...initialState, input: "1".repeat(1001) }],
    ["a huge error-mode input", { ...error, input: "x".repeat(1001) }],
    ["a huge memory", { ...initialState, memory: "1".repeat(100_000) }],
    ["input with letters", { ...initialState, input: "2+abc" }],
    ["input with spaces", { ...initialState, input: "2 + 3" }],
    ["input that cannot be typed", { ...initialState, input: "2)" }],
    ["input with an operator first", { ...initialState, input: "*2" }],
    ["input with two numbers in a row", { ...initialState, input: "(2)3" }],
    ["input nested 201 deep", { ...initialState, input: "(".repeat(201) }],
    ["input that would exceed 1,000 characters once closed", { ...initialState, input: `${"(".repeat(200)}${"1".repeat(801)}` }],
    ["input with a broken number", { ...initialState, input: "1.2.3" }],
    ["result-mode input with letters", { ...result, input: "alert(1)" }],
    ["memory as a number", { ...initialState, memory: 5 }],
    ["memory in hex", { ...initialState, memory: "0x10" }],
    ["memory with a leading zero", { ...initialState, memory: "05" }],
    ["memory with a trailing zero", { ...initialState, memory: "1.50" }],
    ["memory with a plus sign", { ...initialState, memory: "+1" }],
    ["memory as -0", { ...initialState, memory: "-0" }],
    ["memory NaN", { ...initialState, memory: "NaN" }],
    ["memory Infinity", { ...initialState, memory: "Infinity" }],
    ["memory overflowing", { ...initialState, memory: "1e+1000" }],
    ["memory with 35 digits", { ...initialState, memory: "1.0000000000000000000000000000000001" }],
    ["memory with grouping", { ...initialState, memory: "1,000" }],
    ["memory as an expression", { ...initialState, memory: "1+1" }],
    ["memory empty", { ...initialState, memory: "" }],
    ["result not canonical", { ...result, result: "5.0" }],
    ["result in input mode", { ...initialState, result: "5" }],
    ["no result in result mode", { ...result, result: null }],
    ["error code unknown", { ...error, error: "PWNED" }],
    ["error message instead of code", { ...error, error: "Call this number" }],
    ["error in input mode", { ...initialState, error: "OVERFLOW" }],
    ["no error in error mode", { ...error, error: null }],
    ["justEvaluated as a string", { ...result, justEvaluated: "true" }],
    ["justEvaluated outside result mode", { ...initialState, justEvaluated: true }],
    ["unknown repeat operator", { ...result, repeatOperator: "^" }],
    ["repeat operator without operand", { ...result, repeatOperand: null }],
    ["repeat operand not a decimal", { ...result, repeatOperand: "three" }],
    ["repeat outside result mode", { ...initialState, repeatOperator: "+", repeatOperand: "1" }],
    ["input as a number", { ...initialState, input: 12 }],
    ["mode as an array", { ...initialState, mode: ["input"] }],
  ])("rejects %s", (_name, state) => {
    expect(valid(state)).toBe(false);
  });

  it("makes a forged error message impossible: view derives messages", () => {
    expect(calculatorView(error).display).toBe("'x' at position 2 is not allowed: use * or × to multiply");
    expect(calculatorView({ ...error, error: "DIVIDE_BY_ZERO" }).display).toBe("Cannot divide by zero");
    expect(calculatorView({ ...error, input: "2+2" }).display).toBe("Invalid expression");
  });
});

describe("isCanonicalDecimal", () => {
  it.each(["0", "1", "-1", "0.5", "1e+500", "-2.5e-21", "999999999999998000000000000001", "9.999999999999999999999999999999999e+999"])(
    "accepts %s",
    (text) => expect(isCanonicalDecimal(text)).toBe(true),
  );
  it.each(["", "-0", ".5", "5.", "1e500", "1E+500", "1e+5", "0.50", "00", " 1", "1 ", "1e+1000", "١"])("rejects %j", (text) =>
    expect(isCanonicalDecimal(text)).toBe(false),
  );
});

import { describe, expect, it } from "vitest";
import { calculatorView } from "./display";
import { enterExpression, lastEvaluation, press } from "./keypad";
import type { Key } from "./keys";
import { KEYS, KEY_LABELS, isKey, keyFromKeyboard } from "./keys";
import type { CalculatorState } from "./state";
import { initialState } from "./state";
import { calculatorStateSchema, keySchema } from "./state-schema";

const ALIASES: Record<string, Key> = {
  "−": "-",
  "×": "*",
  "÷": "/",
  "±": "negate",
  "⌫": "backspace",
  C: "clear",
  AC: "all-clear",
  MC: "memory-clear",
  MR: "memory-recall",
  "M+": "memory-add",
  "M−": "memory-subtract",
};

/** "12.5 + 3 =" → ["1","2",".","5","+","3","="]. */
function keysOf(sequence: string): Key[] {
  return sequence
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word): Key[] => {
      const alias = ALIASES[word];
      if (alias) return [alias];
      if (/^[\d.]+$/.test(word)) return [...word] as Key[];
      if (isKey(word)) return [word];
      throw new Error(`unknown key ${word}`);
    });
}

/** Presses the keys; every state on the way must pass the schema. */
function run(sequence: string, start: CalculatorState = initialState): CalculatorState {
  let state = start;
  for (const key of keysOf(sequence)) {
    state = press(state, key);
    expect(calculatorStateSchema.safeParse(state).success, `state after ${key}: ${JSON.stringify(state)}`).toBe(true);
  }
  return state;
}

/** Display after each key of the sequence. */
function displays(sequence: string, start: CalculatorState = initialState): string[] {
  let state = start;
  return keysOf(sequence).map((key) => {
    state = run(key, state);
    return calculatorView(state).display;
  });
}

const display = (sequence: string, start?: CalculatorState) => calculatorView(run(sequence, start)).display;
const expression = (sequence: string, start?: CalculatorState) => calculatorView(run(sequence, start)).expression;

describe("keys", () => {
  it("lists every key once, with a label and an accessible name", () => {
    expect(new Set(KEYS).size).toBe(KEYS.length);
    expect(KEYS).toHaveLength(27);
    for (const key of KEYS) {
      expect(KEY_LABELS[key].label.length).toBeGreaterThan(0);
      expect(KEY_LABELS[key].name.length).toBeGreaterThan(0);
      expect(keySchema.safeParse(key).success).toBe(true);
    }
    expect(KEY_LABELS["*"]).toEqual({ label: "×", name: "multiply" });
    expect(KEY_LABELS["/"]).toEqual({ label: "÷", name: "divide" });
    expect(KEY_LABELS["-"]).toEqual({ label: "−", name: "subtract" });
    expect(KEY_LABELS.negate.label).toBe("±");
    expect(KEY_LABELS.backspace).toEqual({ label: "⌫", name: "backspace" });
    expect(KEY_LABELS["memory-add"]).toEqual({ label: "M+", name: "memory add" });
    expect(KEY_LABELS["memory-subtract"]).toEqual({ label: "M−", name: "memory subtract" });
    expect(keySchema.safeParse("eval").success).toBe(false);
    expect(isKey("toString")).toBe(false);
    expect(isKey("__proto__")).toBe(false);
  });

  it("maps keyboard keys", () => {
    expect(keyFromKeyboard("7")).toBe("7");
    expect(keyFromKeyboard("Enter")).toBe("=");
    expect(keyFromKeyboard("x")).toBe("*");
    expect(keyFromKeyboard("Backspace")).toBe("backspace");
    expect(keyFromKeyboard("Escape")).toBe("all-clear");
    expect(keyFromKeyboard("negate")).toBeNull();
    expect(keyFromKeyboard("a")).toBeNull();
    expect(keyFromKeyboard("F9")).toBe("negate");
    expect(keyFromKeyboard("n")).toBe("negate");
    expect(keyFromKeyboard("p")).toBe("memory-add");
    expect(keyFromKeyboard("q")).toBe("memory-subtract");
    expect(keyFromKeyboard("r")).toBe("memory-recall");
    expect(keyFromKeyboard("l")).toBe("memory-clear");
  });
});

describe("typing numbers", () => {
  it("shows the number being typed, as typed, grouped", () => {
    expect(displays("1 2 3 4")).toEqual(["1", "12", "123", "1,234"]);
    expect(displays("1 . 5 0")).toEqual(["1", "1.", "1.5", "1.50"]);
    expect(display(".")).toBe("0.");
    expect(display(". 5")).toBe("0.5");
    expect(display("0 0 5")).toBe("5");
    expect(display("0 0")).toBe("0");
    expect(display("1 . 2 . 3")).toBe("1.23");
    expect(display("")).toBe("0");
  });

  it("takes at most 16 significant digits per number", () => {
    expect(display("12345678901234567890")).toBe("1,234,567,890,123,456");
    expect(display("0.00012345678901234567")).toBe("0.0001234567890123456");
  });

  it("inserts × between a closing parenthesis or % and a new operand", () => {
    expect(expression("( 1 + 2 ) 4")).toBe("(1 + 2) × 4");
    expect(expression("5 0 % 2")).toBe("50% × 2");
    expect(expression("2 (")).toBe("2 × (");
    expect(display("( 1 + 2 ) 4 =")).toBe("12");
  });
});

describe("operators", () => {
  it("replaces an operator typed after an operator", () => {
    expect(expression("2 + ×")).toBe("2 ×");
    expect(expression("2 × ÷ +")).toBe("2 +");
    expect(display("2 + × 3 =")).toBe("6");
  });

  it("lets − after × ÷ ( or at the start begin a negative number", () => {
    expect(expression("2 × −")).toBe("2 × −");
    expect(display("2 × −")).toBe("-0");
    expect(display("2 × − 3 =")).toBe("-6");
    expect(display("2 ÷ − 4 =")).toBe("-0.5");
    expect(display("( − 2 ) × 3 =")).toBe("-6");
    expect(display("− 5 =")).toBe("-5");
    expect(expression("2 − −")).toBe("2 −");
    expect(expression("2 + −")).toBe("2 −");
    // another operator after such a sign replaces the sign and the operator before it
    expect(expression("2 × − +")).toBe("2 +");
    expect(expression("2 × − −")).toBe("2 × −");
  });

  it("continues from 0 at the start and ignores what cannot follow", () => {
    expect(expression("×")).toBe("0 ×");
    expect(display("× 5 =")).toBe("0");
    expect(expression("( +")).toBe("(");
    expect(expression(")")).toBe("");
    expect(expression("%")).toBe("");
    expect(expression("2 + )")).toBe("2 +");
    expect(expression("( )")).toBe("(");
    expect(expression("2 + %")).toBe("2 +");
    expect(expression("5 % %")).toBe("5%");
    expect(expression("5 . +")).toBe("5 +");
  });

  it("shows the previous operand after an operator and the value of a closed group", () => {
    expect(displays("2 + 3 ×")).toEqual(["2", "2", "3", "3"]);
    expect(displays("( 2 + 3 )")).toEqual(["0", "2", "2", "3", "5"]);
    expect(display("2 × ( 3 + 4 ) +")).toBe("7");
    expect(display("( ( 1 + 2 ) × 3")).toBe("3");
    expect(display("( ( 1 + 2 )")).toBe("3");
  });
});

describe("equals", () => {
  it("evaluates with precedence", () => {
    expect(display("2 + 3 × 4 =")).toBe("14");
    expect(display("0.1 + 0.2 =")).toBe("0.3");
    expect(display("1 ÷ 3 × 3 =")).toBe("1");
    expect(display("999999999999999 × 999999999999999 =")).toBe("9.99999999999998e+29");
  });

  it("repeats the last operation", () => {
    expect(displays("2 + 3 = = =").slice(-3)).toEqual(["5", "8", "11"]);
    expect(displays("10 − 2 = =").slice(-2)).toEqual(["8", "6"]);
    expect(displays("2 × 3 = =").slice(-2)).toEqual(["6", "18"]);
    expect(displays("8 ÷ 2 = =").slice(-2)).toEqual(["4", "2"]);
    expect(displays("2 + 3 × 4 = =").slice(-2)).toEqual(["14", "26"]);
    expect(displays("200 + 10 % = =").slice(-2)).toEqual(["220", "240"]);
    expect(displays("( 2 + 3 ) = =").slice(-2)).toEqual(["5", "8"]);
    expect(expression("2 + 3 = =")).toBe("5 + 3");
  });

  it("does nothing (and records nothing) with nothing to evaluate or repeat", () => {
    expect(run("=")).toEqual(initialState);
    expect(run("( =")).toEqual(run("("));
    const five = run("5 =");
    expect(lastEvaluation(five)).toEqual({ expression: "5", result: "5" });
    const again = run("=", five);
    expect(calculatorView(again).display).toBe("5");
    expect(lastEvaluation(again)).toBeNull();
  });

  it("closes open parentheses and drops a dangling operator", () => {
    expect(display("( 2 + 3 =")).toBe("5");
    expect(expression("( 2 + 3 =")).toBe("(2 + 3)");
    expect(display("2 × ( 3 + 4 =")).toBe("14");
    expect(display("2 × ( ( 3 + 4 =")).toBe("14");
    expect(display("2 × ( =")).toBe("2");
    expect(display("2 + =")).toBe("2");
    expect(display("2 × − =")).toBe("2");
    expect(display("5 . =")).toBe("5");
  });

  it("starts over on a digit after a result and continues on an operator", () => {
    expect(display("2 + 3 = 4")).toBe("4");
    expect(expression("2 + 3 = 4")).toBe("4");
    expect(display("2 + 3 = + 1 =")).toBe("6");
    expect(display("2 + 3 = . 5 =")).toBe("0.5");
    expect(display("2 + 3 = ( 1 =")).toBe("1");
    expect(display("2 + 3 = )")).toBe("5");
    expect(display("1 ÷ 3 = × 3 =")).toBe("1");
    expect(display("50 = %")).toBe("0.5");
  });

  it("reaches Overflow by repeated =", () => {
    let state = enterExpression(initialState, "1e990 × 10");
    expect(calculatorView(state).display).toBe("1e+991");
    for (let count = 0; count < 8; count += 1) state = run("=", state);
    expect(calculatorView(state).display).toBe("1e+999");
    state = run("=", state);
    expect(calculatorView(state)).toMatchObject({ display: "Overflow", error: "Overflow" });
  });
});

describe("percent", () => {
  it("follows the percent decision", () => {
    expect(displays("200 + 10 %").at(-1)).toBe("20");
    expect(display("200 + 10 % =")).toBe("220");
    expect(display("200 − 10 % =")).toBe("180");
    expect(display("200 × 10 % =")).toBe("20");
    expect(display("200 ÷ 10 % =")).toBe("2,000");
    expect(display("50 %")).toBe("0.5");
    expect(display("50 % =")).toBe("0.5");
    expect(display("200 + ( 10 + 5 ) %")).toBe("30");
    expect(display("5 ÷ 0 % =")).toBe("Cannot divide by zero");
  });
});

describe("negate (±)", () => {
  it("toggles the sign of the number being typed", () => {
    expect(displays("5 ± ±")).toEqual(["5", "-5", "5"]);
    expect(display("5 ± 1")).toBe("-51");
    expect(expression("2 − 3 ±")).toBe("2 − −3");
    expect(display("2 − 3 ± =")).toBe("5");
    expect(expression("2 × 3 ±")).toBe("2 × −3");
    expect(expression("2 × 3 ± ±")).toBe("2 × 3");
    expect(display("± 5")).toBe("-5");
    expect(display("±")).toBe("-0");
    expect(display("± ±")).toBe("0");
    expect(display("2 + ± 3 =")).toBe("-1");
  });

  it("negates a closed group or a percent", () => {
    expect(expression("( 2 + 3 ) ±")).toBe("−(2 + 3)");
    expect(display("( 2 + 3 ) ±")).toBe("-5");
    expect(display("50 % ±")).toBe("-0.5");
    expect(display("200 + 10 % ±")).toBe("-20");
    expect(display("200 + 10 % ± =")).toBe("180");
  });

  it("negates a result", () => {
    const state = run("2 + 3 = ±");
    expect(calculatorView(state)).toMatchObject({ display: "-5", expression: "" });
    expect(lastEvaluation(state)).toBeNull();
    expect(display("+ 1 =", state)).toBe("-4");
    expect(display("=", state)).toBe("-2"); // still repeats + 3
    expect(display("2 + 3 = ± ±")).toBe("5");
  });
});

describe("backspace", () => {
  it("removes the last character typed", () => {
    expect(displays("1 2 3 ⌫ ⌫ ⌫ ⌫").slice(-4)).toEqual(["12", "1", "0", "0"]);
    expect(expression("1 2 + ⌫")).toBe("12");
    expect(display("1 . ⌫")).toBe("1");
    expect(expression("( 2 + 3 ) ⌫")).toBe("(2 + 3");
    expect(expression("50 % ⌫")).toBe("50");
    expect(run("⌫")).toEqual(initialState);
  });

  it("does nothing to a shown result", () => {
    const result = run("2 + 3 =");
    expect(calculatorView(run("⌫", result))).toEqual(calculatorView(result));
  });

  it("removes a number in exponent form as a whole", () => {
    const recalled = run("M+ AC MR", enterExpression(initialState, "1e500"));
    expect(calculatorView(recalled).display).toBe("1e+500");
    expect(calculatorView(run("⌫", recalled)).display).toBe("0");
    expect(calculatorView(run("7", recalled)).display).toBe("1e+500"); // no digits after exponent form
  });
});

describe("C and AC", () => {
  it("C clears the current entry, AC everything", () => {
    const typed = run("2 + 34");
    expect(expression("C", typed)).toBe("2 +");
    expect(display("C 5 =", typed)).toBe("7");
    expect(calculatorView(run("AC", typed))).toMatchObject({ expression: "", display: "0", error: null, hasMemory: false });
    expect(run("AC", typed)).toEqual(initialState);
    expect(expression("2 × − C")).toBe("2 ×");
    expect(expression("2 × − 3 C")).toBe("2 ×");
    expect(expression("2 + ( 3 + 4 ) C")).toBe("2 +");
    expect(expression("2 + 10 % C")).toBe("2 +");
    expect(expression("2 + C")).toBe("2 +");
  });

  it("both clear a result and an error, and keep memory", () => {
    const result = run("9 M+ 2 + 3 =");
    for (const key of ["C", "AC"]) {
      expect(calculatorView(run(key, result))).toMatchObject({ expression: "", display: "0", error: null, hasMemory: true });
    }
    const error = run("9 M+ 1 ÷ 0 =");
    expect(calculatorView(error).error).toBe("Cannot divide by zero");
    for (const key of ["C", "AC"]) {
      expect(calculatorView(run(key, error))).toMatchObject({ expression: "", display: "0", error: null, hasMemory: true });
    }
    expect(display("AC MR", result)).toBe("9");
  });

  it("AC also forgets the operation = would repeat", () => {
    expect(display("2 + 3 = AC =")).toBe("0");
  });
});

describe("errors", () => {
  it("shows an error until the next digit starts fresh", () => {
    const error = run("1 ÷ 0 =");
    expect(calculatorView(error)).toMatchObject({
      expression: "1 ÷ 0",
      display: "Cannot divide by zero",
      error: "Cannot divide by zero",
      hasMemory: false,
    });
    expect(lastEvaluation(error)).toBeNull();
    for (const key of ["+", "×", "=", "±", "⌫", ")", "%", "M+", "M−"]) {
      expect(run(key, error), key).toEqual(error);
    }
    expect(calculatorView(run("7", error))).toMatchObject({ expression: "7", display: "7", error: null, hasMemory: false });
    expect(display("7 + 1 =", error)).toBe("8");
    expect(display(".", error)).toBe("0.");
    expect(expression("(", error)).toBe("(");
  });

  it("reports overflow", () => {
    expect(calculatorView(enterExpression(initialState, "1e999 × 10")).display).toBe("Overflow");
  });
});

describe("memory", () => {
  it("MC MR M+ M−", () => {
    let state = run("5 M+");
    expect(calculatorView(state)).toMatchObject({ display: "5", hasMemory: true });
    state = run("AC MR", state);
    expect(calculatorView(state).display).toBe("5");
    state = run("AC 3 M+ AC MR", state);
    expect(calculatorView(state).display).toBe("8");
    state = run("AC 2 M− AC MR", state);
    expect(calculatorView(state).display).toBe("6");
    state = run("MC", state);
    expect(calculatorView(state).hasMemory).toBe(false);
    expect(display("AC MR", state)).toBe("0");
  });

  it("M+ evaluates the pending expression", () => {
    const state = run("2 + 3 M+");
    expect(calculatorView(state)).toMatchObject({ display: "5", expression: "2 + 3", hasMemory: true });
    expect(lastEvaluation(state)).toBeNull(); // M+ is not "=": nothing to save
    expect(display("AC MR", state)).toBe("5");
    expect(display("( 1 + 1 M+ AC MR")).toBe("2");
  });

  it("M+ on a result adds the result; M+ then M− of the same value empties memory", () => {
    const state = run("2 × 4 = M+");
    expect(display("AC MR", state)).toBe("8");
    expect(calculatorView(run("M−", state)).hasMemory).toBe(false);
  });

  it("MR puts the memory in as the current number", () => {
    const withSeven = run("7 M+ AC");
    expect(expression("2 + MR", withSeven)).toBe("2 + 7");
    expect(expression("2 + 3 MR", withSeven)).toBe("2 + 7");
    expect(expression("2 × − 3 MR", withSeven)).toBe("2 × 7");
    expect(expression("( 1 ) MR", withSeven)).toBe("(1) × 7");
    expect(display("2 × MR =", withSeven)).toBe("14");
    expect(display("MR 1 =", withSeven)).toBe("71"); // a recalled number can be typed on
    const withMinusFive = run("5 M− AC");
    expect(expression("2 × MR", withMinusFive)).toBe("2 × −5");
    expect(display("2 × MR =", withMinusFive)).toBe("-10");
    expect(expression("2 × − MR", withMinusFive)).toBe("2 × 5");
    expect(expression("2 − MR", withMinusFive)).toBe("2 − −5");
    expect(display("2 − MR =", withMinusFive)).toBe("7");
  });

  it("keeps full precision in memory", () => {
    const state = run("1 ÷ 3 = M+ AC MR × 3 =");
    expect(lastEvaluation(state)?.result).toBe("0.9999999999999999999999999999999999");
    expect(calculatorView(state).display).toBe("1");
  });

  it("an overflowing memory is an error and memory stays as it was", () => {
    const big = enterExpression(initialState, "9e999");
    const once = run("M+", big);
    expect(calculatorView(once).hasMemory).toBe(true);
    const twice = run("M+", once);
    expect(calculatorView(twice).display).toBe("Overflow");
    expect(display("AC MR", twice)).toBe("9e+999");
  });

  it("an error in the pending expression leaves memory alone", () => {
    const state = run("1 ÷ 0 M+");
    expect(calculatorView(state)).toMatchObject({ display: "Cannot divide by zero", hasMemory: false });
  });
});

describe("lastEvaluation", () => {
  it("reports the expression and full-precision result right after =", () => {
    expect(lastEvaluation(run("2 + 3 ="))).toEqual({ expression: "2 + 3", result: "5" });
    expect(lastEvaluation(run("2 + 3 = ="))).toEqual({ expression: "5 + 3", result: "8" });
    expect(lastEvaluation(run("2 × − 3 ="))).toEqual({ expression: "2 × −3", result: "-6" });
    expect(lastEvaluation(run("1 ÷ 3 ="))).toEqual({
      expression: "1 ÷ 3",
      result: "0.3333333333333333333333333333333333",
    });
    expect(lastEvaluation(run("2 + 3"))).toBeNull();
    expect(lastEvaluation(run("2 + 3 = MC"))).toBeNull();
    expect(lastEvaluation(run("2 + 3 = M+"))).toBeNull();
    expect(lastEvaluation(initialState)).toBeNull();
  });
});

describe("enterExpression", () => {
  it("evaluates like = would, keeping memory", () => {
    const state = enterExpression(run("4 M+ AC"), "2 × (3 + 4)");
    expect(calculatorView(state)).toMatchObject({ expression: "2 × (3 + 4)", display: "14", error: null, hasMemory: true });
    expect(lastEvaluation(state)).toEqual({ expression: "2 × (3 + 4)", result: "14" });
    expect(display("=", enterExpression(initialState, "2*3"))).toBe("18");
    expect(display("+ 1 =", enterExpression(initialState, "2*3"))).toBe("7");
    expect(calculatorView(enterExpression(initialState, "  1 +2 ")).expression).toBe("1 + 2");
    expect(calculatorView(enterExpression(initialState, "200 + 10%")).display).toBe("220");
  });

  it("shows errors with their message and what was typed", () => {
    const malformed = enterExpression(initialState, "2x");
    expect(calculatorView(malformed)).toMatchObject({
      expression: "2x",
      display: "'x' at position 2 is not allowed: use * or × to multiply",
      error: "'x' at position 2 is not allowed: use * or × to multiply",
      hasMemory: false,
    });
    expect(calculatorView(enterExpression(initialState, "")).error).toBe("Type an expression first, for example 2 + 3 × 4");
    const tooLong = enterExpression(initialState, "1".repeat(1001));
    expect(calculatorView(tooLong)).toMatchObject({ expression: "", error: "Expression is too long (max 1,000 characters)" });
    expect(calculatorStateSchema.safeParse(tooLong).success).toBe(true);
    expect(calculatorView(enterExpression(initialState, 5 as unknown as string)).error).toBe("Type an expression first, for example 2 + 3 × 4");
  });

  it("shows the memory value when set, and the plain number to copy", () => {
    const view = calculatorView(enterExpression({ ...initialState, memory: "1234.5" }, "1000*1000"));
    expect(view).toMatchObject({ display: "1,000,000", copyText: "1000000", memory: "1,234.5", hasMemory: true });
    expect(calculatorView(enterExpression(initialState, "1/0"))).toMatchObject({ copyText: null, memory: null });
  });

  it("closes open parentheses as the keypad's = does, and refuses what it cannot mend", () => {
    expect(calculatorView(enterExpression(initialState, "2 × (3")).display).toBe("6");
    expect(calculatorView(enterExpression(initialState, "((1+2)*3")).display).toBe("9");
    expect(calculatorView(enterExpression(initialState, "1e5")).display).toBe("100,000");
    expect(calculatorView(enterExpression(initialState, "2^3")).error).toMatch(/^'\^' at position 2 is not allowed: there is no power operator/);
    expect(calculatorView(enterExpression(initialState, "(1+")).error).toBe("')' at position 4 needs a number before it");
  });
});

describe("limits", () => {
  it("stops at 200 nested parentheses and 1,000 characters", () => {
    const deep = run("( ".repeat(205));
    expect(deep.input).toBe("(".repeat(200));
    let long = run("1 +");
    for (let count = 0; count < 600; count += 1) long = run("( 1 +", long);
    expect(long.input.length + (long.input.match(/\(/g)?.length ?? 0)).toBeLessThanOrEqual(1000);
    expect(calculatorView(run("=", long)).error).toBeNull();
    const flat = run("1 + ".repeat(600));
    expect(flat.input.length).toBeLessThanOrEqual(1000);
    expect(calculatorView(run("=", flat)).error).toBeNull();
  });

  it("press ignores unknown keys and never throws", () => {
    expect(press(initialState, "eval" as Key)).toBe(initialState);
    expect(press(initialState, undefined as unknown as Key)).toBe(initialState);
  });
});

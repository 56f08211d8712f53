import { describe, expect, it } from "vitest";
import { characterRefusal, keyRefusal } from "./hints";
import { enterExpression, press } from "./keypad";
import type { Key } from "./keys";
import { initialState, type CalculatorState } from "./state";

function typed(keys: Key[]): CalculatorState {
  return keys.reduce(press, initialState);
}

describe("keyRefusal", () => {
  it("is null for a key that does something", () => {
    expect(keyRefusal(initialState, "5")).toBeNull();
    expect(keyRefusal(typed(["2", "+"]), "3")).toBeNull();
  });

  it("says what to do for a key that would be ignored", () => {
    expect(keyRefusal(initialState, ")")).toBe("There is no '(' to close");
    expect(keyRefusal(typed(["(", "2", "+"]), ")")).toBe("Type a number before ')'");
    expect(keyRefusal(initialState, "%")).toBe("'%' goes after a number");
    expect(keyRefusal(typed(["1", "."]), ".")).toBe("This number already has a decimal point");
    expect(keyRefusal(initialState, "=")).toBe("Nothing to calculate yet: type a number");
    expect(keyRefusal(initialState, "memory-clear")).toBe("Memory is already empty");
    const result = enterExpression(initialState, "2+3");
    expect(keyRefusal(result, ")")).toBe("There is no '(' to close");
    expect(keyRefusal(result, "backspace")).toBe("Nothing to delete");
    const sixteen = typed(Array.from("1234567890123456") as Key[]);
    expect(keyRefusal(sixteen, "7")).toBe("A number has at most 16 digits");
    const error = enterExpression(initialState, "1/0");
    expect(keyRefusal(error, "+")).toBe("+ does nothing after an error: press AC or start a new number");
  });
});

describe("characterRefusal", () => {
  it("takes every character of an expression, e included", () => {
    for (const char of Array.from("0123456789.+-−*×/÷%() eE")) expect(characterRefusal(char)).toBeNull();
  });
  it("explains the rest", () => {
    expect(characterRefusal("^")).toBe("'^' is not allowed: there is no power operator, multiply instead (2 × 2 × 2) or write powers of ten as 1e5");
    expect(characterRefusal(",")).toBe("',' is not allowed: use '.' for decimals");
    expect(characterRefusal("a")).toMatch(/^'a' is not allowed: use digits/);
  });
});

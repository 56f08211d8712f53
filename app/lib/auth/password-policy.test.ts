import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "./common-passwords";
import { currentPasswordField, passwordProblem } from "./password-policy";

describe("passwordProblem", () => {
  it("accepts a long, uncommon password", () => {
    expect(passwordProblem("correct horse battery staple")).toBeNull();
    expect(passwordProblem("ünïcødé-pässwörd")).toBeNull();
  });

  it("needs at least 8 characters, counted as a person counts them", () => {
    expect(passwordProblem("short7!")).toMatch(/at least 8/);
    expect(passwordProblem("😀😀😀😀😀😀😀")).toMatch(/at least 8/); // 7 emoji, 14 UTF-16 units
    expect(passwordProblem("😀😀😀😀😀😀😀😀")).toBeNull();
  });

  it("bounds the length", () => {
    expect(passwordProblem("x".repeat(1025))).toMatch(/at most 1024/);
  });

  it("refuses common passwords whatever their case", () => {
    expect(passwordProblem("password")).toMatch(/too common/);
    expect(passwordProblem("Password1")).toMatch(/too common/);
    expect(passwordProblem("QWERTYUIOP")).toMatch(/too common/);
    expect(passwordProblem("12345678")).toMatch(/too common/);
  });

  it("refuses the email address or its local part", () => {
    expect(passwordProblem("ann.lee@example.com", "ann.lee@example.com")).toMatch(/email address/);
    expect(passwordProblem("Ann.Lee1", "ann.lee1@example.com")).toMatch(/email address/);
  });

  it("keeps the list to passwords the length rule lets through, lower-cased", () => {
    for (const common of COMMON_PASSWORDS) {
      expect([...common].length, common).toBeGreaterThanOrEqual(8);
      expect(common, common).toBe(common.toLowerCase());
    }
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(300);
  });
});

describe("currentPasswordField", () => {
  it("only bounds what is typed", () => {
    expect(currentPasswordField.safeParse("short").success).toBe(true);
    expect(currentPasswordField.safeParse("").error?.issues[0]?.message).toBe("Enter your password.");
    expect(currentPasswordField.safeParse(undefined).error?.issues[0]?.message).toBe("Enter your password.");
    expect(currentPasswordField.safeParse("x".repeat(1025)).success).toBe(false);
  });
});

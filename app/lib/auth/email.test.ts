import { describe, expect, it } from "vitest";
import { emailField, normaliseEmail } from "./email";

describe("normaliseEmail", () => {
  it("trims and lower-cases", () => {
    expect(normaliseEmail("  Ann.Lee@Example.COM ")).toBe("ann.lee@example.com");
  });

  it("composes Unicode so equal-looking addresses are equal", () => {
    expect(normaliseEmail("jose\u0301@example.com")).toBe(normaliseEmail("jos\u00e9@example.com"));
  });
});

describe("emailField", () => {
  it("returns the normalised address", () => {
    expect(emailField.parse(" Bob@Example.org")).toBe("bob@example.org");
  });

  it("explains what is wrong", () => {
    const message = (value: unknown) => emailField.safeParse(value).error?.issues[0]?.message;
    expect(message(undefined)).toBe("Enter your email address.");
    expect(message("   ")).toBe("Enter your email address.");
    expect(message("not-an-email")).toMatch(/valid email address/);
    expect(message(`${"a".repeat(250)}@example.com`)).toMatch(/at most 254/);
  });
});

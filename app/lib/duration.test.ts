import { describe, expect, it } from "vitest";
import { describeSeconds, parseDuration } from "./duration";

describe("parseDuration", () => {
  it("reads seconds, minutes, hours and days", () => {
    expect(parseDuration("45s")).toBe(45_000);
    expect(parseDuration("30m")).toBe(1_800_000);
    expect(parseDuration("12h")).toBe(43_200_000);
    expect(parseDuration("7d")).toBe(604_800_000);
    expect(parseDuration(" 30d ")).toBe(2_592_000_000);
  });

  it("refuses anything else", () => {
    for (const text of ["", "7", "d", "0d", "-1d", "1.5h", "7 d", "7D", "1w", "99999999d", "7dd"]) {
      expect(parseDuration(text), text).toBeNull();
    }
  });
});

describe("describeSeconds", () => {
  it("rounds up to a readable unit", () => {
    expect(describeSeconds(0.2)).toBe("1 second");
    expect(describeSeconds(42)).toBe("42 seconds");
    expect(describeSeconds(60)).toBe("1 minute");
    expect(describeSeconds(61)).toBe("2 minutes");
    expect(describeSeconds(900)).toBe("15 minutes");
    expect(describeSeconds(3_600)).toBe("1 hour");
    expect(describeSeconds(3_601)).toBe("2 hours");
  });
});

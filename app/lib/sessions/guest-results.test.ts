import { describe, expect, it } from "vitest";
import { GUEST_RESULTS_MAX, withGuestResult } from "./guest-results";

describe("guest results", () => {
  it("keeps the newest first and at most GUEST_RESULTS_MAX", () => {
    let list = withGuestResult(undefined, { expression: "1 + 1", result: "2", input: "keypad", at: 1 });
    for (let i = 2; i <= 25; i++) list = withGuestResult(list, { expression: `${i} + 0`, result: String(i), input: "typed", at: i });
    expect(list).toHaveLength(GUEST_RESULTS_MAX);
    expect(list[0]?.result).toBe("25");
    expect(list.at(-1)?.result).toBe("6");
  });
});

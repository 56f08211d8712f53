import { describe, expect, it } from "vitest";
import { archiveKey, monthStart, nextMonthStart, parseArchiveKey, userArchivePrefix } from "./archive-key";

describe("archive keys", () => {
  it("is one object per user and UTC month", () => {
    const month = monthStart(new Date("2025-03-31T23:59:59.999Z"));
    expect(month.toISOString()).toBe("2025-03-01T00:00:00.000Z");
    expect(nextMonthStart(new Date("2025-12-01T00:00:00Z")).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    const key = archiveKey("019abc-0001", month);
    expect(key).toBe("archive/019abc-0001/2025/03.jsonl.gz");
    expect(parseArchiveKey(key)).toEqual({ userId: "019abc-0001", month });
  });

  it("refuses ids that would widen the prefix and keys it did not make", () => {
    expect(() => userArchivePrefix("")).toThrow();
    expect(() => userArchivePrefix("../x")).toThrow();
    expect(parseArchiveKey("archive/u/2025/13.jsonl.gz")).toBeNull();
    expect(parseArchiveKey("archive/u/2025/03.json")).toBeNull();
  });
});

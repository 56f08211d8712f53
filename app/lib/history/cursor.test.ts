import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

describe("history cursor", () => {
  it("round-trips", () => {
    const cursor = { createdAt: new Date("2026-11-25T17:04:25.123Z"), id: "019abcde-0000-7000-8000-000000000001" };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it("refuses anything it did not make", () => {
    const forge = (raw: string) => Buffer.from(raw).toString("base64url");
    for (const bad of [
      null,
      "",
      "not base64!",
      forge("2026-11-25T17:04:25.123Z"),
      forge("2026-11-25|id"),
      forge("2026-13-45T17:04:25.123Z|id"),
      forge("2026-11-25T17:04:25.123Z|id|more"),
      forge("2026-11-25T17:04:25.123Z|' OR 1=1 --"),
      // Year 0 parses in JavaScript but PostgreSQL refuses it (22008).
      forge("0000-01-01T00:00:00.000Z|id"),
      "x".repeat(500),
    ]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});

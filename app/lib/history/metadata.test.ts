import { describe, expect, it } from "vitest";
import { readMetadata } from "./metadata";

describe("readMetadata", () => {
  it("keeps the known keys and values only", () => {
    expect(readMetadata({ input: "keypad" })).toEqual({ input: "keypad" });
    expect(readMetadata({ input: "typed", source: "guest", extra: 1 })).toEqual({ input: "typed", source: "guest" });
    expect(readMetadata({ input: "voice" })).toEqual({});
    expect(readMetadata({})).toEqual({});
    expect(readMetadata(null)).toEqual({});
    expect(readMetadata([1])).toEqual({});
  });
});

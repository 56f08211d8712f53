import { describe, expect, it } from "vitest";
import { encodeCursor } from "./cursor";
import { parsePageQuery } from "./filters.server";

const query = (params: Record<string, string>) => parsePageQuery(new URLSearchParams(params));

describe("parsePageQuery", () => {
  it("reads search, an inclusive date range and a cursor", () => {
    const cursor = { createdAt: new Date("2026-01-02T03:04:05.006Z"), id: "abc-1" };
    const parsed = query({ q: " 10% ", from: "2026-01-01", to: "2026-01-31", cursor: encodeCursor(cursor) });
    expect(parsed.cursor).toEqual(cursor);
    expect(parsed.filters).toEqual({
      search: "10%",
      from: new Date("2026-01-01T00:00:00.000Z"),
      before: new Date("2026-02-01T00:00:00.000Z"),
    });
    expect(parsed.form).toEqual({ q: "10%", from: "2026-01-01", to: "2026-01-31" });
    expect(parsed.problems).toEqual([]);
  });

  it("drops what is not valid, saying why", () => {
    const parsed = query({ q: "x".repeat(101), from: "2026-02-30", to: "yesterday", cursor: "bogus" });
    expect(parsed.filters).toEqual({});
    expect(parsed.cursor).toBeNull();
    expect(parsed.problems).toHaveLength(4);
    expect(query({ from: "2026-02-01", to: "2026-01-01" }).filters).toEqual({});
  });

  it("drops days PostgreSQL cannot compare with (year 0, or an end past year 9998)", () => {
    for (const day of ["0000-01-01", "9999-12-31"]) {
      const parsed = query({ from: day, to: day });
      expect(parsed.filters, day).toEqual({});
      expect(parsed.problems, day).toHaveLength(2);
    }
    expect(query({ from: "0001-01-01" }).filters.from).toEqual(new Date("0001-01-01T00:00:00.000Z"));
  });
});

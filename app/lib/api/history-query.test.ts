import { describe, expect, it } from "vitest";
import { encodeCursor } from "../history/cursor";
import { parseHistoryQuery } from "./history-query";

const parse = (query: string) => parseHistoryQuery(new URLSearchParams(query));

describe("parseHistoryQuery", () => {
  it("reads cursor, search, an inclusive date range and a page size", () => {
    const cursor = { createdAt: new Date("2026-03-01T10:00:00.000Z"), id: "abc-1" };
    expect(parse(`cursor=${encodeCursor(cursor)}&q=%207%20&from=2026-03-01&to=2026-03-02&limit=50`)).toEqual({
      cursor,
      filters: { search: "7", from: new Date("2026-03-01T00:00:00Z"), before: new Date("2026-03-03T00:00:00Z") },
      limit: 50,
      filtered: true,
    });
    expect(parse("")).toEqual({ cursor: null, filters: {}, limit: 25, filtered: false });
  });

  it("does not count a blank search as a filter (a free caller gets the list, not a 403)", () => {
    expect(parse("q=%20")).toMatchObject({ filtered: false, filters: {} });
  });

  it("names the parameter that is wrong", () => {
    expect(parse("limit=0")).toEqual({ problem: expect.stringMatching(/^limit:/) });
    expect(parse("from=2026-13-01")).toEqual({ problem: expect.stringMatching(/^from:/) });
    expect(parse("to=0000-01-01")).toEqual({ problem: expect.stringMatching(/^to:/) });
    expect(parse("cursor=%%%")).toEqual({ problem: expect.stringMatching(/^cursor:/) });
    expect(parse("page=2")).toEqual({ problem: expect.stringMatching(/unknown parameter/) });
    expect(parse("limit=1&limit=2")).toEqual({ problem: "limit: give it at most once" });
  });
});

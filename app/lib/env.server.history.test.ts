import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseHistoryConfig } from "./env.server";

describe("history config", () => {
  it("defaults to a local archive after 365 days", () => {
    expect(parseHistoryConfig({})).toEqual({ archiveBucket: null, archiveAfterDays: 365, archiveDir: path.resolve(".data/archive") });
    expect(parseHistoryConfig({ HISTORY_ARCHIVE_BUCKET: "", HISTORY_ARCHIVE_AFTER_DAYS: "" }).archiveBucket).toBeNull();
  });

  it("reads a bucket and an age, and names a wrong variable", () => {
    expect(parseHistoryConfig({ HISTORY_ARCHIVE_BUCKET: "calcapp-prod-history", HISTORY_ARCHIVE_AFTER_DAYS: "90" })).toMatchObject({
      archiveBucket: "calcapp-prod-history",
      archiveAfterDays: 90,
    });
    expect(() => parseHistoryConfig({ HISTORY_ARCHIVE_AFTER_DAYS: "0" })).toThrow(/HISTORY_ARCHIVE_AFTER_DAYS/);
    expect(() => parseHistoryConfig({ HISTORY_ARCHIVE_AFTER_DAYS: "1.5" })).toThrow(/HISTORY_ARCHIVE_AFTER_DAYS/);
    expect(() => parseHistoryConfig({ HISTORY_ARCHIVE_BUCKET: "Not_A_Bucket" })).toThrow(/HISTORY_ARCHIVE_BUCKET/);
  });
});

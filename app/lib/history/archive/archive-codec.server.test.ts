import { describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import { decodeArchive, encodeArchive, mergeById } from "./archive-codec.server";

const entry = (id: string, at: string, result = "1") => ({
  id,
  expression: "1 + 0",
  result,
  createdAt: new Date(at),
  metadata: { input: "keypad" as const },
});

describe("archive codec", () => {
  it("writes gzipped JSON lines, oldest first, and reads them back", async () => {
    const rows = [entry("b", "2025-01-02T00:00:00.000Z"), entry("a", "2025-01-01T00:00:00.000Z")];
    const body = await encodeArchive(rows);
    const lines = gunzipSync(body).toString("utf8").trim().split("\n");
    expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(["a", "b"]);
    expect(await decodeArchive(body)).toEqual([rows[1], rows[0]]);
    expect(await decodeArchive(await encodeArchive([]))).toEqual([]);
  });

  it("merges by id without duplicates", () => {
    const merged = mergeById(
      [entry("a", "2025-01-01T00:00:00.000Z", "old"), entry("b", "2025-01-02T00:00:00.000Z")],
      [entry("a", "2025-01-01T00:00:00.000Z", "new"), entry("c", "2025-01-03T00:00:00.000Z")],
    );
    expect(merged.map((e) => `${e.id}:${e.result}`)).toEqual(["a:new", "b:1", "c:1"]);
  });
});

import { describe, expect, it } from "vitest";
import { csvCell, csvRecord, exportFileName } from "./csv";

describe("CSV", () => {
  it("quotes fields with commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("1 + 2")).toBe("1 + 2");
    expect(csvCell("1,234")).toBe('"1,234"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
    expect(csvCell("")).toBe("");
    expect(csvRecord(["a", "b,c", "d"])).toBe('a,"b,c",d\r\n');
  });

  it("guards against formula injection with a leading single quote", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-6")).toBe("'-6");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("−6")).toBe("−6"); // the calculator's minus sign is not a formula
  });

  it("names the file with the date", () => {
    expect(exportFileName(new Date("2026-11-25T23:59:59Z"))).toBe("calcapp-history-2026-11-25.csv");
  });
});

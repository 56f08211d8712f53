import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it("follows local paths", () => {
    expect(safeRedirect("/")).toBe("/");
    expect(safeRedirect("/account")).toBe("/account");
    expect(safeRedirect("/history?page=2#top")).toBe("/history?page=2#top");
  });

  it("refuses anything that leaves the site", () => {
    for (const to of [
      "//evil.com",
      "/\\evil.com",
      "/\\/evil.com",
      "\\\\evil.com",
      "https://evil.com",
      "http:evil.com",
      "javascript:alert(1)",
      "evil.com",
      "/\t/evil.com",
      "/\n/evil.com",
      "/%0a/evil.com\\x",
      " /account",
      "",
    ]) {
      expect(safeRedirect(to), JSON.stringify(to)).toBe("/");
    }
  });

  it("uses the fallback for missing or odd values", () => {
    expect(safeRedirect(null, "/account")).toBe("/account");
    expect(safeRedirect(["/a"], "/account")).toBe("/account");
    expect(safeRedirect(`/${"a".repeat(3000)}`)).toBe("/");
  });
});

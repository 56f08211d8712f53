import fc from "fast-check";
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

  it("percent-encodes what a Location header cannot carry, so a redirect never throws", () => {
    expect(safeRedirect("/。")).toBe("/%E3%80%82");
    expect(safeRedirect("/history?q=√2#ü")).toBe("/history?q=%E2%88%9A2#%C3%BC");
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (tail) => {
        const to = safeRedirect(`/${tail}`);
        expect(() => new Headers({ Location: to })).not.toThrow();
        expect(to.startsWith("/") && !to.startsWith("//")).toBe(true);
      }),
    );
  });

  it("uses the fallback for missing or odd values", () => {
    expect(safeRedirect(null, "/account")).toBe("/account");
    expect(safeRedirect(["/a"], "/account")).toBe("/account");
    expect(safeRedirect(`/${"a".repeat(3000)}`)).toBe("/");
  });
});

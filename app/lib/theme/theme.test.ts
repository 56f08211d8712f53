import { describe, expect, it } from "vitest";
import { safeReturnPath, themeClass, themeCookie, themeFromCookieHeader } from "./theme";

describe("theme cookie", () => {
  it("reads a known theme and treats anything else as system", () => {
    expect(themeFromCookieHeader("a=1; theme=dark; b=2")).toBe("dark");
    expect(themeFromCookieHeader("theme=light")).toBe("light");
    expect(themeFromCookieHeader("theme=purple")).toBe("system");
    expect(themeFromCookieHeader("themes=dark")).toBe("system");
    expect(themeFromCookieHeader(null)).toBe("system");
    // A malformed escape is a bad cookie, not a failed page.
    expect(themeFromCookieHeader("theme=%E0%A4%A")).toBe("system");
    expect(themeFromCookieHeader("theme=constructor")).toBe("system");
  });

  it("renders no class for system, so the media query decides", () => {
    expect(themeClass("system")).toBe("");
    expect(themeClass("dark")).toBe("dark");
  });

  it("keeps a choice for a year and forgets it when back to system", () => {
    expect(themeCookie("dark", true)).toBe("theme=dark; Path=/; SameSite=Lax; Max-Age=31536000; Secure");
    expect(themeCookie("system", false)).toBe("theme=system; Path=/; SameSite=Lax; Max-Age=0");
  });
});

describe("safeReturnPath", () => {
  it("keeps a local path with its query", () => {
    expect(safeReturnPath("/history?page=2")).toBe("/history?page=2");
  });
  it("refuses other sites and odd values", () => {
    for (const value of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "", null, "history"]) {
      expect(safeReturnPath(value)).toBe("/");
    }
  });
});

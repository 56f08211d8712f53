import { describe, expect, it } from "vitest";
import { hasSessionCookie } from "./session-cookie";

const withCookie = (cookie?: string) => new Request("https://calcapp.test/", { headers: cookie ? { cookie } : {} });

describe("hasSessionCookie", () => {
  it("sees the session cookie among others", () => {
    expect(hasSessionCookie(withCookie("__session=abc"))).toBe(true);
    expect(hasSessionCookie(withCookie("theme=dark; __session=abc.def"))).toBe(true);
  });

  it("ignores other cookies and look-alikes", () => {
    expect(hasSessionCookie(withCookie())).toBe(false);
    expect(hasSessionCookie(withCookie("theme=dark"))).toBe(false);
    expect(hasSessionCookie(withCookie("x__session=abc; __sessionx=1"))).toBe(false);
  });
});

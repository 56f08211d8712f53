import { describe, expect, it } from "vitest";
import { hasSessionCookie, sessionCookieAttributes, sessionCookieName } from "./session-cookie";

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

describe("the __Host- prefix", () => {
  it("is used in production when every APP_ORIGIN is HTTPS, and only then", () => {
    expect(sessionCookieName({ NODE_ENV: "production", appOrigins: ["https://calcapp.com"] })).toBe("__Host-session");
    expect(sessionCookieName({ NODE_ENV: "production", appOrigins: ["https://calcapp.com", "http://127.0.0.1:3000"] })).toBe("__session");
    expect(sessionCookieName({ NODE_ENV: "production", appOrigins: null })).toBe("__session");
    expect(sessionCookieName({ NODE_ENV: "development", appOrigins: ["https://calcapp.com"] })).toBe("__session");
  });

  it("is seen as a session cookie", () => {
    expect(hasSessionCookie(withCookie("__Host-session=abc"))).toBe(true);
    expect(hasSessionCookie(withCookie("x__Host-session=abc"))).toBe(false);
  });

  it("is set the way browsers require: Secure, Path=/, no Domain", async () => {
    const { createCookie } = await import("@remix-run/node");
    const cookie = createCookie(sessionCookieName({ NODE_ENV: "production", appOrigins: ["https://calcapp.com"] }), sessionCookieAttributes(true));
    const header = await cookie.serialize("id");
    expect(header).toMatch(/^__Host-session=/);
    expect(header).toContain("Path=/");
    expect(header).toContain("Secure");
    expect(header).toContain("HttpOnly");
    expect(header).not.toMatch(/Domain=/i);
  });
});

import { describe, expect, it } from "vitest";
import { baseSecurityHeaders, createNonce, documentCsp } from "./security-headers";

describe("security headers", () => {
  it("sends HSTS outside development only", () => {
    expect(baseSecurityHeaders({ development: false })["strict-transport-security"]).toMatch(/max-age=\d{8}/);
    expect(baseSecurityHeaders({ development: true })["strict-transport-security"]).toBeUndefined();
    expect(baseSecurityHeaders({ development: true })).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
    });
  });

  it("makes a fresh, unguessable nonce per call", () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(a);
  });

  it("lets only nonce'd scripts run and forbids framing", () => {
    const csp = documentCsp("abc");
    expect(csp).toContain("script-src 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("lets a page's forms go only to itself unless origins are listed", () => {
    expect(documentCsp("abc")).toContain("form-action 'self';");
    expect(documentCsp("abc", ["https://checkout.stripe.com"])).toContain("form-action 'self' https://checkout.stripe.com;");
  });

  it("lets scripts connect only to the page's own origin unless origins are listed", () => {
    expect(documentCsp("abc")).toContain("connect-src 'self';");
    expect(documentCsp("abc", [], ["https://o1.ingest.sentry.io"])).toContain("connect-src 'self' https://o1.ingest.sentry.io;");
  });
});

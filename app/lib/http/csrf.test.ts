import { describe, expect, it } from "vitest";
import { csrfRefusal, normalisePath, type CsrfFacts } from "./csrf";

const base: CsrfFacts = {
  method: "POST",
  path: "/login",
  origin: "https://app.calcapp.test",
  secFetchSite: undefined,
  allowedOrigins: ["https://app.calcapp.test"],
};

describe("csrfRefusal", () => {
  it("lets same-origin posts through", () => {
    expect(csrfRefusal(base)).toBeNull();
    expect(csrfRefusal({ ...base, origin: undefined, secFetchSite: "same-origin" })).toBeNull();
  });

  it("refuses cross-site posts and posts that do not say where they come from", () => {
    expect(csrfRefusal({ ...base, origin: "https://evil.example" })).toMatch(/another site/);
    expect(csrfRefusal({ ...base, origin: "null" })).toMatch(/another site/);
    expect(csrfRefusal({ ...base, origin: "http://app.calcapp.test" })).toMatch(/another site/); // scheme differs
    expect(csrfRefusal({ ...base, origin: undefined })).toMatch(/no Origin header/);
    expect(csrfRefusal({ ...base, origin: undefined, secFetchSite: "cross-site" })).toMatch(/no Origin header/);
    expect(csrfRefusal({ ...base, origin: undefined, secFetchSite: "same-site" })).toMatch(/no Origin header/);
    for (const method of ["PUT", "PATCH", "DELETE", "post"]) {
      expect(csrfRefusal({ ...base, method, origin: "https://evil.example" }), method).not.toBeNull();
    }
  });

  it("does not check safe methods, the JSON API or the Stripe webhook", () => {
    for (const method of ["GET", "HEAD"]) expect(csrfRefusal({ ...base, method, origin: "https://evil.example" })).toBeNull();
    // Remix runs a single-fetch action for OPTIONS on a .data URL: it is checked like a POST.
    expect(csrfRefusal({ ...base, method: "OPTIONS", origin: "https://evil.example" })).not.toBeNull();
    expect(csrfRefusal({ ...base, path: "/v1/calculate", origin: "https://evil.example" })).toBeNull();
    expect(csrfRefusal({ ...base, path: "/billing/webhook", origin: undefined })).toBeNull();
    expect(csrfRefusal({ ...base, path: "/billing/webhooks", origin: "https://evil.example" })).not.toBeNull();
    expect(csrfRefusal({ ...base, path: "/v1", origin: "https://evil.example" })).not.toBeNull();
  });
});

describe("normalisePath", () => {
  it("resolves dot segments, encoded or not, as the router will", () => {
    expect(normalisePath("/v1/../account")).toBe("/account");
    expect(normalisePath("/v1/%2e%2e/account")).toBe("/account");
    expect(normalisePath("/v1/calculate")).toBe("/v1/calculate");
  });
});

import { describe, expect, it } from "vitest";
import { clientIp, originSecretMatches, parseViewerAddress, rateLimitSubject } from "./client-ip";

describe("parseViewerAddress", () => {
  it("drops the port from CloudFront-Viewer-Address", () => {
    expect(parseViewerAddress("198.51.100.10:46532")).toBe("198.51.100.10");
    expect(parseViewerAddress("2001:db8:85a3::8a2e:370:7334:443")).toBe("2001:db8:85a3::8a2e:370:7334");
    expect(parseViewerAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
  });

  it("refuses what is not an address", () => {
    for (const header of [undefined, null, "", "198.51.100.10", "evil.com:80", "1.2.3.4; drop:1", "999.1.1.1:80"]) {
      expect(parseViewerAddress(header), String(header)).toBeNull();
    }
  });
});

describe("originSecretMatches", () => {
  it("matches only the exact secret", () => {
    expect(originSecretMatches("s3cret-value-from-cloudfront", "s3cret-value-from-cloudfront")).toBe(true);
    expect(originSecretMatches("s3cret-value-from-cloudfronT", "s3cret-value-from-cloudfront")).toBe(false);
    expect(originSecretMatches("short", "s3cret-value-from-cloudfront")).toBe(false);
    expect(originSecretMatches(undefined, "s3cret-value-from-cloudfront")).toBe(false);
    expect(originSecretMatches("anything", undefined)).toBe(false);
    expect(originSecretMatches("", "")).toBe(false);
  });
});

describe("clientIp", () => {
  it("prefers the verified viewer address", () => {
    expect(clientIp({ sourceIp: "130.176.1.1", viewerAddress: "203.0.113.9" })).toBe("203.0.113.9");
    expect(clientIp({ sourceIp: "127.0.0.1", viewerAddress: null })).toBe("127.0.0.1");
  });
});

describe("rateLimitSubject", () => {
  it("keeps IPv4 addresses", () => {
    expect(rateLimitSubject("203.0.113.9")).toBe("203.0.113.9");
    expect(rateLimitSubject("::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  it("groups IPv6 addresses by /64", () => {
    expect(rateLimitSubject("2001:db8:85a3:0042:1000:8a2e:370:7334")).toBe("2001:db8:85a3:42::/64");
    expect(rateLimitSubject("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(rateLimitSubject("2001:DB8::ffff:1")).toBe(rateLimitSubject("2001:db8:0:0:0:0:ffff:1"));
    expect(rateLimitSubject("::1")).toBe("0:0:0:0::/64");
  });
});

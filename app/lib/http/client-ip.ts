// Which address a request comes from, for rate limits. Behind CloudFront, API Gateway's source IP
// is a CloudFront edge, so the viewer's address comes from CloudFront-Viewer-Address, but only
// when the request also carries the secret X-Origin-Verify header CloudFront adds: anyone can send
// the header straight to API Gateway. X-Forwarded-For is never read (clients can write it).
import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { AppLoadContext } from "@remix-run/node";

/** "198.51.100.10:46532" or "2001:db8::8a2e:370:7334:443" → the address, or null. */
export function parseViewerAddress(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^(.+):(\d{1,5})$/.exec(header.trim());
  const address = match?.[1]?.replace(/^\[(.*)\]$/, "$1");
  return address && isIP(address) ? address : null;
}

/** Compares in constant time (equal-length digests), so the secret cannot be guessed by timing. */
export function originSecretMatches(given: string | undefined | null, secret: string | undefined | null): boolean {
  if (!given || !secret) return false;
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/** The client's address: the verified viewer address, else API Gateway's source IP. */
export function clientIp(context: Pick<AppLoadContext, "sourceIp" | "viewerAddress">): string {
  return context.viewerAddress ?? context.sourceIp;
}

/**
 * What rate limits count per: the IPv4 address, or the /64 of an IPv6 address (one subscriber
 * usually holds a whole /64 and can rotate through it).
 */
export function rateLimitSubject(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (isIP(ip) !== 6) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = ip.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...headParts, ...Array(8 - headParts.length - tailParts.length).fill("0"), ...tailParts];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

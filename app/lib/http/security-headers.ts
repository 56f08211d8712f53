// Security headers. Every response gets the base set (the Lambda wrapper adds it); HTML documents
// get a Content-Security-Policy with a per-request nonce (entry.server.tsx), everything else a
// policy that allows nothing, since JSON and redirects never need to run or embed anything.
import { randomBytes } from "node:crypto";

export const NON_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'";

export function baseSecurityHeaders({ development }: { development: boolean }): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY", // for browsers that predate frame-ancestors
    // Two years, as hstspreload.org asks; never in development, where it would pin localhost to https.
    ...(development ? {} : { "strict-transport-security": "max-age=63072000; includeSubDomains" }),
  };
}

export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The document policy: scripts only with this response's nonce, and what they load ('strict-dynamic'
 * lets Remix's nonce'd module script import the route modules under /_static/). `extraFormActions`
 * are origins a form on this page may post to or be redirected to; `extraConnectSources` origins
 * the page's scripts may send requests to.
 */
export function documentCsp(
  nonce: string,
  extraFormActions: readonly string[] = [],
  extraConnectSources: readonly string[] = [],
): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // Browser Sentry posts its events to the DSN's host.
    ["connect-src 'self'", ...extraConnectSources].join(" "),
    // A page whose form redirects to another origin (billing → Stripe Checkout) must list it.
    ["form-action 'self'", ...extraFormActions].join(" "),
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

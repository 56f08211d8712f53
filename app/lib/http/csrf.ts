// Cross-site request forgery: a state-changing request to a cookie-authenticated route must come
// from one of our own pages. Browsers send Origin on every POST (form or fetch); when it is
// missing, Sec-Fetch-Site "same-origin" is accepted instead. SameSite=Lax cookies are a second
// line, not the only one. Exempt, with their own protection: the JSON API under /v1/ (no cookies
// read there) and the Stripe webhook (signed).
// Not OPTIONS: Remix runs a single-fetch action for any method but GET and HEAD on a .data URL.
const SAFE_METHODS = new Set(["GET", "HEAD"]);

export type CsrfFacts = {
  method: string;
  /** The request path, already normalised ("/v1/../account" is "/account"). */
  path: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  /** Origins our pages are served from. */
  allowedOrigins: string[];
};

/** Routes that read no cookies and have their own protection (the JSON API, the signed webhook). */
export function isCookielessPath(path: string): boolean {
  return path.startsWith("/v1/") || path === "/billing/webhook";
}

export function isCsrfExempt(method: string, path: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase()) || isCookielessPath(path);
}

/** Why the request is refused, or null when it may proceed. */
export function csrfRefusal(facts: CsrfFacts): string | null {
  if (isCsrfExempt(facts.method, facts.path)) return null;
  if (facts.origin) {
    if (facts.allowedOrigins.includes(facts.origin)) return null;
    return "This request came from another site, so it was refused (cross-site request forgery protection). Submit the form from CalcApp itself.";
  }
  if (facts.secFetchSite === "same-origin") return null;
  return "This request did not say which site sent it (no Origin header), so it was refused (cross-site request forgery protection).";
}

/** "/v1/%2e%2e/account" → "/account", as the router will see it. */
export function normalisePath(rawPath: string): string {
  try {
    return new URL(rawPath, "http://calcapp.invalid").pathname;
  } catch {
    return rawPath;
  }
}

// `redirectTo` comes from the query string, so it may point anywhere: only same-site paths are
// followed. "//evil.com" and "/\evil.com" are protocol-relative to browsers; control characters
// are stripped by URL parsers ("/\t/evil.com" becomes "//evil.com").
export const DEFAULT_REDIRECT = "/";

export function safeRedirect(to: unknown, fallback: string = DEFAULT_REDIRECT): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  const base = "http://calcapp.invalid";
  try {
    const url = new URL(to, base);
    if (url.origin !== base) return fallback;
    // The URL parser percent-encodes what a Location header cannot carry ("/。" → "/%E3%80%82"):
    // a raw character above U+00FF there makes the Headers constructor throw.
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

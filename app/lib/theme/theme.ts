// The colour theme a visitor chose, kept in a plain cookie (not a secret, read by the root loader
// on every page so the server renders the right colours with no flash and no script). "system"
// is the absence of a choice: the page follows prefers-color-scheme.
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = "theme";
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

// A membership test, not a zod schema: this module is in every page's browser bundle, where zod
// would add ~3.5 KB gzip for a three-value check. The form boundary (theme-form.server.ts) uses zod.
export function isTheme(value: unknown): value is Theme {
  return typeof value === "string" && (THEMES as readonly string[]).includes(value);
}

export const THEME_LABELS: Record<Theme, string> = { system: "Auto", light: "Light", dark: "Dark" };

/** The theme named by a Cookie header; anything unknown or missing is "system". */
export function themeFromCookieHeader(header: string | null): Theme {
  if (!header) return "system";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== THEME_COOKIE) continue;
    let value: string;
    try {
      value = decodeURIComponent(rest.join("="));
    } catch {
      return "system"; // a malformed escape
    }
    return isTheme(value) ? value : "system";
  }
  return "system";
}

/** The class on <html>: none for "system", so the CSS media query decides. */
export function themeClass(theme: Theme): string {
  return theme === "system" ? "" : theme;
}

/** The Set-Cookie value (also what the browser's script writes to document.cookie). */
export function themeCookie(theme: Theme, secure: boolean): string {
  const base = `${THEME_COOKIE}=${theme}; Path=/; SameSite=Lax`;
  const lifetime = theme === "system" ? "; Max-Age=0" : `; Max-Age=${ONE_YEAR_SECONDS}`;
  return `${base}${lifetime}${secure ? "; Secure" : ""}`;
}

/** Where to go back after choosing a theme with JavaScript off: a path on this site only. */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  try {
    const url = new URL(value, "http://calcapp.invalid");
    if (url.origin !== "http://calcapp.invalid") return "/";
    return `${url.pathname}${url.search}`;
  } catch {
    return "/";
  }
}

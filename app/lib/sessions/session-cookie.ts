// The session cookie's name and a cheap presence test: a request without it is a guest's, and a
// guest's page must not load the session store, Redis or the database (cold start).
//
// Served over HTTPS in production, the cookie is `__Host-session`: browsers then accept it only
// with Secure, Path=/ and no Domain, so no subdomain and no plain-HTTP page can set or shadow it.
// Elsewhere (development, `npm start` on http://127.0.0.1) it is `__session`.
export const SESSION_COOKIE = "__session";
export const HOST_SESSION_COOKIE = "__Host-session";

/** Whether this deployment uses the `__Host-` name: production, with every APP_ORIGIN on HTTPS. */
export function sessionCookieName(env: { NODE_ENV?: string; appOrigins: string[] | null }): string {
  const https = env.appOrigins !== null && env.appOrigins.length > 0 && env.appOrigins.every((origin) => origin.startsWith("https://"));
  return env.NODE_ENV === "production" && https ? HOST_SESSION_COOKIE : SESSION_COOKIE;
}

export function hasSessionCookie(request: Request): boolean {
  const header = request.headers.get("cookie");
  if (!header) return false;
  return header.split(";").some((part) => {
    const trimmed = part.trimStart();
    return trimmed.startsWith(`${SESSION_COOKIE}=`) || trimmed.startsWith(`${HOST_SESSION_COOKIE}=`);
  });
}

/** The session cookie's attributes: never a Domain (the `__Host-` rule), Secure outside development. */
export function sessionCookieAttributes(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/" };
}

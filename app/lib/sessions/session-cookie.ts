// The session cookie's name and a cheap presence test: a request without it is a guest's, and a
// guest's page must not load the session store, Redis or the database (cold start).
export const SESSION_COOKIE = "__session";

export function hasSessionCookie(request: Request): boolean {
  const header = request.headers.get("cookie");
  if (!header) return false;
  return header.split(";").some((part) => part.trimStart().startsWith(`${SESSION_COOKIE}=`));
}

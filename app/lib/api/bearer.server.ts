// Who is calling the API: the access token in `Authorization: Bearer …` (RFC 6750), never a
// cookie. A valid signature is not enough: the token's family (its `sid`) must still be live in
// the store, so logout, theft detection and "log out everywhere" cut it off at once, and the
// account must still be live, so a deleted account's tokens stop working at once.
import { findLiveUserById, type StoredUser } from "../auth/users.server";
import { consume } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { tryAgainIn } from "../rate-limit/too-many";
import { getStore } from "../store/get-store.server";
import { InvalidTokenError, verifyAccessToken } from "../tokens/access-token.server";
import { liveFamily } from "../tokens/families.server";
import { problem, ProblemError } from "../http/problem";

export const REALM = "calcapp";

export type ApiCaller = { user: StoredUser; familyId: string };

function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, "")}"`;
}

/** The 401 for a missing (no error code, RFC 6750 §3.1) or bad token. */
export function unauthorized(kind: "missing" | "invalid" | "expired", detail: string): ProblemError {
  const challenge =
    kind === "missing"
      ? `Bearer realm=${quoted(REALM)}`
      : `Bearer realm=${quoted(REALM)}, error="invalid_token", error_description=${quoted(detail)}`;
  const code = kind === "missing" ? "missing_token" : kind === "expired" ? "expired_token" : "invalid_token";
  return new ProblemError(problem(401, code, detail, { "WWW-Authenticate": challenge }));
}

/** The bearer token of the request, or null when there is none. Throws a 401 for a malformed header. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthorized("invalid", "The Authorization header must be `Bearer <access token>`.");
  return match[1];
}

/** The live user behind the request's access token, or a thrown 401 (or 429 over the per-user limit). */
export async function requireApiCaller(request: Request, now = new Date()): Promise<ApiCaller> {
  const token = bearerToken(request);
  if (token === null) throw unauthorized("missing", "This endpoint needs an access token: send `Authorization: Bearer <access token>` (POST /v1/auth/token gives one).");
  let claims;
  try {
    claims = await verifyAccessToken(token, now);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthorized(error.reason, error.message);
    throw error;
  }
  const store = await getStore();
  // Independent reads (the store and the database): one round trip's wait instead of two.
  const [family, user] = await Promise.all([liveFamily(store, claims.familyId, now.getTime()), findLiveUserById(claims.userId)]);
  if (!family || family.userId !== claims.userId) throw unauthorized("invalid", "The access token was revoked (logged out, or the password changed).");
  if (!user) throw unauthorized("invalid", "The account of this access token no longer exists.");
  const rule = activeRule("apiUser");
  const limit = await consume(store, rule, user.id);
  if (!limit.allowed) {
    throw new ProblemError(
      problem(429, "rate_limited", `Too many requests: at most ${rule.max} a minute for one account. ${tryAgainIn(limit.retryAfterSeconds)}`, {
        "Retry-After": String(limit.retryAfterSeconds),
      }),
    );
  }
  return { user, familyId: claims.familyId };
}

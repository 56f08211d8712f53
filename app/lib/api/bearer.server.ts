// Who is calling the API: the access token in `Authorization: Bearer …` (RFC 6750), never a
// cookie. A valid signature is not enough: the token's family (its `sid`) must still be live in
// the store, so logout, theft detection and "log out everywhere" cut it off at once, and the
// account must still be live, so a deleted account's tokens stop working at once.
import { userColumns, type StoredUser } from "../auth/users.server";
import { entitlement } from "../billing/entitlement";
import { mirrorColumns } from "../billing/plan.server";
import { getPrisma } from "../db/client.server";
import { consume } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { tryAgainIn } from "../rate-limit/too-many";
import { getStore } from "../store/get-store.server";
import { InvalidTokenError, verifyAccessToken } from "../tokens/access-token.server";
import { liveFamily } from "../tokens/families.server";
import { problem, ProblemError } from "../http/problem";

export const REALM = "calcapp";

/** `premium`: the plan as the subscription mirror says at the time of the request. */
export type ApiCaller = { user: StoredUser; familyId: string; premium: boolean };

/** The live user and their subscription mirror in one query: every API request needs both. */
async function liveUserWithPlan(userId: string, now: Date): Promise<{ user: StoredUser; premium: boolean } | null> {
  const prisma = await getPrisma();
  const row = await prisma.user.findFirst({ where: { id: userId, deletedAt: null }, select: { ...userColumns, subscription: { select: mirrorColumns } } });
  if (!row) return null;
  const { subscription, ...user } = row;
  return { user, premium: entitlement(subscription, now).premium };
}

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
  const [family, live] = await Promise.all([liveFamily(store, claims.familyId, now.getTime()), liveUserWithPlan(claims.userId, now)]);
  if (!family || family.userId !== claims.userId) throw unauthorized("invalid", "The access token was revoked (logged out, or the password changed).");
  if (!live) throw unauthorized("invalid", "The account of this access token no longer exists.");
  const rule = activeRule("apiUser");
  const { user, premium } = live;
  const limit = await consume(store, rule, user.id);
  if (!limit.allowed) {
    throw new ProblemError(
      problem(429, "rate_limited", `Too many requests: at most ${rule.max} a minute for one account. ${tryAgainIn(limit.retryAfterSeconds)}`, {
        "Retry-After": String(limit.retryAfterSeconds),
      }),
    );
  }
  return { user, familyId: claims.familyId, premium };
}

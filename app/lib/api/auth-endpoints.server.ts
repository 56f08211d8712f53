// POST /v1/auth/token, /v1/auth/refresh and /v1/auth/logout (decision 017).
import type { AppLoadContext } from "@remix-run/node";
import * as z from "zod/mini";
import { checkCredentials } from "../auth/api-credentials.server";
import { emailField } from "../auth/email";
import { currentPasswordField } from "../auth/password-policy";
import { findLiveUserById } from "../auth/users.server";
import { readJsonBody } from "../http/body.server";
import { clientIp, rateLimitSubject } from "../http/client-ip";
import { logger } from "../observability/logger.server";
import { consume } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { tryAgainIn } from "../rate-limit/too-many";
import { getStore } from "../store/get-store.server";
import { revokeFamily, revokeUserFamilies } from "../tokens/families.server";
import { issueTokens, refreshTokens } from "../tokens/issue.server";
import { REALM, requireApiCaller } from "./bearer.server";
import {
  answeringProblems,
  apiJson,
  methodNotAllowed,
  problem,
} from "../http/problem";

const MAX_BODY_BYTES = 4 * 1024;

// totp: with two-factor sign-in on, a code from the authenticator app or a recovery code.
const tokenRequest = z.object({
  email: emailField,
  password: currentPasswordField,
  totp: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
const refreshRequest = z.object({
  refresh_token: z.string().check(z.minLength(1), z.maxLength(200)),
});
const logoutRequest = z.object({ everywhere: z.optional(z.boolean()) });

function firstIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  const field = issue?.path.join(".");
  return field
    ? `${field}: ${issue?.message}`
    : issue?.message ?? "The request body is not valid.";
}

const tooMany = (what: string, retryAfterSeconds: number) =>
  problem(
    429,
    "rate_limited",
    `Too many ${what}. ${tryAgainIn(retryAfterSeconds)}`,
    { "Retry-After": String(retryAfterSeconds) }
  );

const invalidGrant = (detail: string) =>
  problem(401, "invalid_grant", detail, {
    "WWW-Authenticate": `Bearer realm="${REALM}", error="invalid_token"`,
  });

export function tokenEndpoint(
  request: Request,
  context: AppLoadContext
): Promise<Response> {
  return answeringProblems(async () => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const parsed = tokenRequest.safeParse(
      await readJsonBody(request, MAX_BODY_BYTES)
    );
    if (!parsed.success)
      return problem(
        400,
        "validation_failed",
        `Send {"email": "...", "password": "..."}. ${firstIssue(parsed.error)}`
      );
    const checked = await checkCredentials(
      parsed.data.email,
      parsed.data.password,
      rateLimitSubject(clientIp(context)),
      parsed.data.totp
    );
    if (!checked.ok && checked.reason === "limited")
      return tooMany("sign-in attempts", checked.retryAfterSeconds);
    if (!checked.ok && checked.reason === "second-factor-required") {
      return problem(
        401,
        "two_factor_required",
        'This account uses two-factor sign-in: send "totp" with a code from the authenticator app, or a recovery code.',
        {
          "WWW-Authenticate": `Bearer realm="${REALM}"`,
        }
      );
    }
    if (!checked.ok && checked.reason === "second-factor-wrong") {
      return problem(
        401,
        "invalid_two_factor_code",
        "That code is not valid. Use the current code from the authenticator app, or an unused recovery code.",
        {
          "WWW-Authenticate": `Bearer realm="${REALM}"`,
        }
      );
    }
    if (!checked.ok) {
      return problem(
        401,
        "invalid_credentials",
        "That email and password do not match an account.",
        { "WWW-Authenticate": `Bearer realm="${REALM}"` }
      );
    }
    return apiJson(await issueTokens(checked.user.id));
  });
}

export function refreshEndpoint(
  request: Request,
  context: AppLoadContext
): Promise<Response> {
  return answeringProblems(async () => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const parsed = refreshRequest.safeParse(
      await readJsonBody(request, MAX_BODY_BYTES)
    );
    if (!parsed.success)
      return problem(
        400,
        "validation_failed",
        `Send {"refresh_token": "..."}. ${firstIssue(parsed.error)}`
      );
    const limit = await consume(
      await getStore(),
      activeRule("refreshIp"),
      rateLimitSubject(clientIp(context))
    );
    if (!limit.allowed)
      return tooMany("token refreshes", limit.retryAfterSeconds);
    const refreshed = await refreshTokens(
      parsed.data.refresh_token,
      async (userId) => (await findLiveUserById(userId)) !== null
    );
    if (refreshed.ok) return apiJson(refreshed.tokens);
    if (refreshed.reason === "reused") {
      logger.warn("refresh token reused: family revoked", {
        familyId: refreshed.familyId ?? null,
        userId: refreshed.userId ?? null,
      });
      return invalidGrant(
        "This refresh token was already used, so every token of this sign-in was revoked. Sign in again."
      );
    }
    if (refreshed.reason === "expired")
      return invalidGrant("The refresh token has expired. Sign in again.");
    return invalidGrant(
      "The refresh token is not valid (revoked, expired or never issued). Sign in again."
    );
  });
}

export function logoutEndpoint(request: Request): Promise<Response> {
  return answeringProblems(async () => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const caller = await requireApiCaller(request);
    const hasBody =
      request.headers.get("content-length") !== "0" &&
      request.headers.get("content-type") !== null;
    const parsed = logoutRequest.safeParse(
      hasBody ? await readJsonBody(request, MAX_BODY_BYTES) : {}
    );
    if (!parsed.success)
      return problem(
        400,
        "validation_failed",
        `Send nothing, or {"everywhere": true}. ${firstIssue(parsed.error)}`
      );
    const store = await getStore();
    if (parsed.data.everywhere) await revokeUserFamilies(store, caller.user.id);
    else await revokeFamily(store, caller.familyId);
    return new Response(null, {
      status: 204,
      headers: { "Cache-Control": "no-store" },
    });
  });
}

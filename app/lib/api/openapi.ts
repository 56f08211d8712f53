// The /v1 API's OpenAPI 3.1 description, served at /v1/openapi.json. The tests validate every
// /v1 response they receive against it (tests/support/openapi-validator.ts), so a response that
// drifts from it fails them.
import {
  FREE_HISTORY_LIMIT,
  MAX_SAVED_EXPRESSION_LENGTH,
  MAX_SEARCH_LENGTH,
} from "../history/limits";
import { DEFAULT_API_PAGE_SIZE, MAX_API_PAGE_SIZE } from "./history-query";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (
  description: string,
  headers: Record<string, unknown> = {}
) => ({
  description,
  headers,
  content: { "application/problem+json": { schema: ref("Problem") } },
});
const json = (
  description: string,
  schema: unknown,
  headers: Record<string, unknown> = {}
) => ({
  description,
  headers,
  content: { "application/json": { schema } },
});
const jsonBody = (schema: unknown) => ({
  required: true,
  content: { "application/json": { schema } },
});

const retryAfter = {
  "Retry-After": {
    description: "Seconds to wait before trying again.",
    schema: { type: "string", pattern: "^\\d+$" },
  },
};
const wwwAuthenticate = {
  "WWW-Authenticate": {
    description:
      'A Bearer challenge (RFC 6750), with error="invalid_token" when a token was sent.',
    schema: { type: "string", pattern: "^Bearer realm=" },
  },
};
const allow = {
  Allow: {
    description: "The methods this path answers.",
    schema: { type: "string" },
  },
};

const bad = problemResponse(
  "The request is malformed or a field is invalid (`validation_failed`, `bad_request`)."
);
const unauthorized = problemResponse(
  "No access token, or one that is expired, tampered with, revoked or of a deleted account.",
  wwwAuthenticate
);
const tooMany = problemResponse("Over a rate limit.", retryAfter);
const unavailable = problemResponse(
  "The token store is unreachable.",
  retryAfter
);
const notAllowed = problemResponse("Method not allowed.", allow);
const tooLarge = problemResponse("The body is too large.");
const unsupported = problemResponse("The body is not application/json.");
const bearer = [{ bearer: [] }];

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "CalcApp API",
    version: "1.0.0",
    description:
      "The calculator and your history without a browser. Get tokens with POST /v1/auth/token, send the access token as `Authorization: Bearer <token>`, and trade the refresh token for a new pair with POST /v1/auth/refresh before the access token expires. Every refresh token works once: using a spent one revokes the whole sign-in. Errors are RFC 9457 problem details.",
  },
  servers: [{ url: "/" }],
  components: {
    securitySchemes: {
      bearer: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "JWT",
        description:
          "The access_token from /v1/auth/token or /v1/auth/refresh.",
      },
    },
    schemas: {
      Problem: {
        type: "object",
        description:
          "RFC 9457 problem details; `code` is stable and meant for programs.",
        required: ["type", "title", "status", "detail", "code"],
        additionalProperties: false,
        properties: {
          type: { type: "string", const: "about:blank" },
          title: { type: "string" },
          status: { type: "integer", minimum: 400, maximum: 599 },
          detail: { type: "string" },
          error: {
            type: "string",
            description:
              "Only from /v1/calculate, and deprecated: the same text as detail, the member its clients read before problem details.",
          },
          code: {
            type: "string",
            enum: [
              "bad_request",
              "validation_failed",
              "invalid_credentials",
              "two_factor_required",
              "invalid_two_factor_code",
              "invalid_grant",
              "missing_token",
              "invalid_token",
              "expired_token",
              "plan_limit",
              "not_found",
              "method_not_allowed",
              "payload_too_large",
              "unsupported_media_type",
              "unprocessable",
              "rate_limited",
              "unavailable",
            ],
          },
        },
      },
      TokenRequest: {
        type: "object",
        required: ["email", "password"],
        properties: {
          email: { type: "string", format: "email", maxLength: 254 },
          password: { type: "string", minLength: 1, maxLength: 1024 },
          totp: {
            type: "string",
            minLength: 1,
            maxLength: 64,
            description:
              "With two-factor sign-in on: a code from the authenticator app, or a recovery code.",
          },
        },
      },
      RefreshRequest: {
        type: "object",
        required: ["refresh_token"],
        properties: {
          refresh_token: { type: "string", minLength: 1, maxLength: 200 },
        },
      },
      LogoutRequest: {
        type: "object",
        properties: {
          everywhere: {
            type: "boolean",
            description:
              "true: revoke every token of the user, not only this sign-in.",
          },
        },
      },
      TokenPair: {
        type: "object",
        required: [
          "access_token",
          "token_type",
          "expires_in",
          "refresh_token",
          "refresh_expires_in",
        ],
        additionalProperties: false,
        properties: {
          access_token: {
            type: "string",
            pattern: "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
            description: "A JWT (HS256, typ at+jwt).",
          },
          token_type: { type: "string", const: "Bearer" },
          expires_in: {
            type: "integer",
            minimum: 1,
            description: "Seconds until the access token expires.",
          },
          refresh_token: {
            type: "string",
            pattern: "^rt_[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$",
            description: "Opaque; works once.",
          },
          refresh_expires_in: {
            type: "integer",
            minimum: 1,
            description: "Seconds until the refresh token expires.",
          },
        },
      },
      Plan: { type: "string", enum: ["free", "premium"] },
      Me: {
        type: "object",
        required: ["id", "email", "created_at", "plan"],
        additionalProperties: false,
        properties: {
          id: { type: "string" },
          email: { type: "string", format: "email" },
          created_at: { type: "string", format: "date-time" },
          plan: ref("Plan"),
        },
      },
      HistoryItem: {
        type: "object",
        required: ["id", "expression", "result", "created_at", "input"],
        additionalProperties: false,
        properties: {
          id: { type: "string" },
          expression: { type: "string" },
          result: {
            type: "string",
            description: "The engine's exact decimal result.",
          },
          created_at: { type: "string", format: "date-time" },
          input: {
            enum: ["keypad", "typed", null],
            description:
              "How the result was entered; null for rows saved before this was recorded.",
          },
        },
      },
      HistoryPage: {
        type: "object",
        required: [
          "items",
          "next_cursor",
          "plan",
          "hidden_by_plan",
          "free_limit",
        ],
        additionalProperties: false,
        properties: {
          items: {
            type: "array",
            items: ref("HistoryItem"),
            maxItems: MAX_API_PAGE_SIZE,
          },
          next_cursor: {
            type: ["string", "null"],
            description:
              "Pass as `cursor` for the next (older) page; null on the last page.",
          },
          plan: ref("Plan"),
          hidden_by_plan: {
            type: "integer",
            minimum: 0,
            description:
              "Free plan, first page: results kept but beyond the latest free_limit.",
          },
          free_limit: { type: "integer", const: FREE_HISTORY_LIMIT },
        },
      },
      SaveRequest: {
        type: "object",
        required: ["expression"],
        additionalProperties: false,
        properties: {
          expression: {
            type: "string",
            minLength: 1,
            maxLength: MAX_SAVED_EXPRESSION_LENGTH,
          },
          input: {
            type: "string",
            enum: ["keypad", "typed"],
            default: "typed",
          },
        },
      },
      SavedResult: {
        type: "object",
        required: ["id", "expression", "result", "input"],
        additionalProperties: false,
        properties: {
          id: { type: "string" },
          expression: { type: "string" },
          result: { type: "string" },
          input: { type: "string", enum: ["keypad", "typed"] },
        },
      },
      Cleared: {
        type: "object",
        required: ["deleted"],
        additionalProperties: false,
        properties: { deleted: { type: "integer", minimum: 0 } },
      },
      CalculateRequest: {
        type: "object",
        required: ["expression"],
        additionalProperties: false,
        properties: { expression: { type: "string" } },
      },
      CalculateResult: {
        type: "object",
        required: ["result"],
        additionalProperties: false,
        properties: { result: { type: "string" } },
      },
      Health: {
        type: "object",
        required: ["status", "version", "region"],
        properties: {
          status: { type: "string", enum: ["ok", "error"] },
          version: { type: "string" },
          region: { type: "string" },
          checks: {
            type: "object",
            additionalProperties: {
              type: "string",
              enum: ["ok", "error", "skipped"],
            },
          },
          latencyMs: {
            type: "object",
            additionalProperties: { type: "number" },
          },
          failed: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
  paths: {
    "/v1/auth/token": {
      post: {
        summary:
          "Sign in: email and password for an access token and a refresh token",
        operationId: "createToken",
        requestBody: jsonBody(ref("TokenRequest")),
        responses: {
          "200": json("Signed in.", ref("TokenPair")),
          "400": bad,
          "401": problemResponse(
            "Wrong email or password (`invalid_credentials`); two-factor sign-in is on and `totp` is missing (`two_factor_required`) or wrong (`invalid_two_factor_code`).",
            wwwAuthenticate
          ),
          "405": notAllowed,
          "413": tooLarge,
          "415": unsupported,
          "429": tooMany,
          "503": unavailable,
        },
      },
    },
    "/v1/auth/refresh": {
      post: {
        summary:
          "Trade a refresh token for a new pair (the presented one is spent)",
        operationId: "refreshToken",
        requestBody: jsonBody(ref("RefreshRequest")),
        responses: {
          "200": json("A new pair.", ref("TokenPair")),
          "400": bad,
          "401": problemResponse(
            "Not a live refresh token (`invalid_grant`): expired, revoked, never issued, or already used, which revokes its whole sign-in.",
            wwwAuthenticate
          ),
          "405": notAllowed,
          "413": tooLarge,
          "415": unsupported,
          "429": tooMany,
          "503": unavailable,
        },
      },
    },
    "/v1/auth/logout": {
      post: {
        summary: "Revoke this sign-in (or every one of the user)",
        operationId: "logout",
        security: bearer,
        requestBody: {
          required: false,
          content: { "application/json": { schema: ref("LogoutRequest") } },
        },
        responses: {
          "204": {
            description:
              "Revoked: the access and refresh tokens of the sign-in no longer work.",
          },
          "400": bad,
          "401": unauthorized,
          "405": notAllowed,
          "415": unsupported,
          "429": tooMany,
          "503": unavailable,
        },
      },
    },
    "/v1/me": {
      get: {
        summary: "The signed-in user",
        operationId: "getMe",
        security: bearer,
        responses: {
          "200": json("The user.", ref("Me")),
          "401": unauthorized,
          "405": notAllowed,
          "429": tooMany,
          "503": unavailable,
        },
      },
    },
    "/v1/history": {
      get: {
        summary: "A page of the user's history, newest first",
        operationId: "listHistory",
        security: bearer,
        parameters: [
          {
            name: "cursor",
            in: "query",
            schema: { type: "string" },
            description: "next_cursor of the previous page.",
          },
          {
            name: "limit",
            in: "query",
            schema: {
              type: "integer",
              minimum: 1,
              maximum: MAX_API_PAGE_SIZE,
              default: DEFAULT_API_PAGE_SIZE,
            },
          },
          {
            name: "q",
            in: "query",
            schema: { type: "string", maxLength: MAX_SEARCH_LENGTH },
            description: "Premium: text in the expression or the result.",
          },
          {
            name: "from",
            in: "query",
            schema: { type: "string", format: "date" },
            description: "Premium: from this day (UTC), inclusive.",
          },
          {
            name: "to",
            in: "query",
            schema: { type: "string", format: "date" },
            description: "Premium: to this day (UTC), inclusive.",
          },
        ],
        responses: {
          "200": json("One page.", ref("HistoryPage")),
          "400": bad,
          "401": unauthorized,
          "403": problemResponse(
            "Search or dates asked for on the free plan (`plan_limit`)."
          ),
          "405": notAllowed,
          "429": tooMany,
          "503": unavailable,
        },
      },
      post: {
        summary:
          "Evaluate an expression and keep the result (the server evaluates; nothing the client computed is stored)",
        operationId: "saveHistory",
        security: bearer,
        requestBody: jsonBody(ref("SaveRequest")),
        responses: {
          "201": json("Kept.", ref("SavedResult")),
          "400": bad,
          "401": unauthorized,
          "405": notAllowed,
          "413": tooLarge,
          "415": unsupported,
          "422": problemResponse(
            "The expression has no result (division by zero, malformed …) (`unprocessable`)."
          ),
          "429": tooMany,
          "503": unavailable,
        },
      },
      delete: {
        summary: "Delete the whole history (archived results too)",
        operationId: "clearHistory",
        security: bearer,
        responses: {
          "200": json("Deleted.", ref("Cleared")),
          "401": unauthorized,
          "405": notAllowed,
          "429": tooMany,
          "503": unavailable,
        },
      },
    },
    "/v1/history/{id}": {
      delete: {
        summary: "Delete one result",
        operationId: "deleteHistoryItem",
        security: bearer,
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "string" },
          },
        ],
        responses: {
          "204": { description: "Deleted." },
          "401": unauthorized,
          "404": problemResponse(
            "No such result in this user's history (`not_found`); another user's id is not found either."
          ),
          "405": notAllowed,
          "429": tooMany,
          "503": unavailable,
        },
      },
    },
    "/v1/calculate": {
      post: {
        summary: "Evaluate an expression (no account needed)",
        operationId: "calculate",
        requestBody: jsonBody(ref("CalculateRequest")),
        responses: {
          "200": json("The result.", ref("CalculateResult")),
          "400": problemResponse(
            "Not a JSON object with an expression (`validation_failed`, `bad_request`), or an expression without a result (`unprocessable`: division by zero, overflow, malformed)."
          ),
          "405": problemResponse("Use POST.", allow),
          "413": tooLarge,
          "415": unsupported,
          "429": problemResponse(
            "Over the per-address limit (120 a minute).",
            retryAfter
          ),
        },
      },
    },
    "/v1/health": {
      get: {
        summary: "Deep health check (database, Redis, migrations)",
        operationId: "health",
        responses: {
          "200": json("Healthy.", ref("Health")),
          "503": json("Something failed (named in `failed`).", ref("Health")),
        },
      },
    },
    "/v1/openapi.json": {
      get: {
        summary: "This description",
        operationId: "openapi",
        responses: {
          "200": json("The OpenAPI 3.1 document.", {
            type: "object",
            required: ["openapi", "paths"],
          }),
        },
      },
    },
  },
} as const;

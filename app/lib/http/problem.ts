// Errors of the /v1 API as RFC 9457 problem details (application/problem+json): `type` (here
// always about:blank, so `title` is the HTTP status phrase), `title`, `status`, `detail`, and the
// extension member `code`, a stable machine-readable name that clients branch on. /v1/calculate's
// problems also carry `error` (the same text as detail), the member its clients read before.
import { HttpError } from "./http-error";
import { StoreUnavailableError } from "../store/store";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export type ProblemCode =
  | "bad_request"
  | "validation_failed"
  | "invalid_credentials"
  | "two_factor_required"
  | "invalid_two_factor_code"
  | "invalid_grant"
  | "missing_token"
  | "invalid_token"
  | "expired_token"
  | "plan_limit"
  | "not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "rate_limited"
  | "unavailable";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  503: "Service Unavailable",
};

export type Problem = { type: "about:blank"; title: string; status: number; detail: string; code: ProblemCode; error?: string };

export function problem(status: number, code: ProblemCode, detail: string, headers?: HeadersInit, options: { legacyError?: boolean } = {}): Response {
  const merged = new Headers(headers);
  merged.set("Content-Type", PROBLEM_CONTENT_TYPE);
  merged.set("Cache-Control", "no-store");
  const body: Problem = { type: "about:blank", title: TITLES[status] ?? "Error", status, detail, code, ...(options.legacyError ? { error: detail } : {}) };
  return new Response(JSON.stringify(body), { status, headers: merged });
}

/** A problem to throw from deep inside a handler; `answeringProblems` sends it. */
export class ProblemError extends Error {
  constructor(readonly response: Response) {
    super(`problem ${response.status}`);
  }
}

export const HTTP_ERROR_CODES: Record<number, ProblemCode> = { 400: "bad_request", 413: "payload_too_large", 415: "unsupported_media_type" };

/** Runs a /v1 handler: thrown problems, refused bodies and a store outage become problem details. */
export async function answeringProblems(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof ProblemError) return error.response;
    if (error instanceof HttpError) return problem(error.status, HTTP_ERROR_CODES[error.status] ?? "bad_request", error.message);
    if (error instanceof StoreUnavailableError) {
      return problem(503, "unavailable", "Signing in to the API is temporarily unavailable. Try again in a minute.", { "Retry-After": "30" });
    }
    throw error;
  }
}

export const methodNotAllowed = (allow: string) => problem(405, "method_not_allowed", `Use ${allow.split(", ").join(" or ")}.`, { Allow: allow });

/** A JSON success answer of the API (never cached: it is one user's). */
export function apiJson(body: unknown, status = 200, headers?: HeadersInit): Response {
  const merged = new Headers(headers);
  merged.set("Cache-Control", "no-store");
  return Response.json(body, { status, headers: merged });
}

// Reading and answering the account forms. Bodies are capped before anything parses them (a huge
// field is refused with 413 and changes nothing), and every answer has the same shape, which the
// pages render next to the fields.
import { data } from "@remix-run/node";
import { readFormOrRefusal } from "../http/body.server";
import { HttpError } from "../http/http-error";
import { retryAfterHeaders, tooManyMessage } from "../rate-limit/too-many";

/** Enough for the longest legal fields (email 254, passwords 1,024 each, encoded). */
export const MAX_AUTH_FORM_BYTES = 8 * 1024;

export type FieldErrors = Partial<Record<string, string>>;

export type FormResult = {
  status: number;
  fieldErrors: FieldErrors;
  formError?: string;
  /** Shown on success (e.g. "Password changed"). */
  notice?: string;
  /** Echoed back so the user does not retype it (never passwords). */
  email?: string;
  retryAfterSeconds?: number;
  /** Two-factor recovery codes, shown once when two-factor is turned on. */
  recoveryCodes?: string[];
  /** Which form of the page answered (the account page has several). */
  intent?: string;
};

export function formResult(status: number, parts: Omit<FormResult, "status">): FormResult {
  return { status, ...parts };
}

/** The form's fields, or the answer to a body that is too large or not a form. */
export async function readAuthForm(request: Request): Promise<URLSearchParams | FormResult> {
  const fields = await readFormOrRefusal(request, MAX_AUTH_FORM_BYTES);
  if (!(fields instanceof HttpError)) return fields;
  const message =
    fields.status === 413
      ? `The form was too large (over ${MAX_AUTH_FORM_BYTES.toLocaleString("en-US")} bytes), so nothing was changed. Check what you typed and try again.`
      : fields.message;
  return formResult(fields.status, { fieldErrors: {}, formError: message });
}

/** A 429 for the form: the rate limit's wording, the email echoed back, Retry-After set. */
export function tooManyAttempts(retryAfterSeconds: number, what: string, email?: string): FormResult {
  return formResult(429, { fieldErrors: {}, formError: tooManyMessage(what, retryAfterSeconds), retryAfterSeconds, email });
}

/** The first message for each top-level field. */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A Request carrying exactly these fields, for remix-auth (which reads the body itself). */
export function formRequest(request: Request, fields: URLSearchParams): Request {
  return new Request(request.url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: fields.toString(),
  });
}

/** The action's answer: the result as data, with its status (and Retry-After on a 429). */
export function formResponse(result: FormResult) {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  const retry = result.retryAfterSeconds === undefined ? {} : retryAfterHeaders(result.retryAfterSeconds);
  return data(result, { status: result.status, headers: { ...headers, ...retry } });
}

// The one request-error contract.
// - Code that refuses a request throws HttpError (the body readers do: 413 too large, 415 wrong
//   type, 400 bad JSON). Nothing else is thrown for a client's mistake.
// - The /v1 API answers RFC 9457 problem details instead (problem.ts, `answeringProblems`).
// - Other resource routes (background posts, the webhook) answer with `jsonError`, the one
//   JSON shape `{"error": "..."}`; `answeringHttpErrors` turns a thrown HttpError into it.
// - Page forms show the message beside the form instead: `readFormOrRefusal` hands them the
//   HttpError as a value (body.server.ts), so a form action never needs a try/catch.
// - A 405 always names the methods the route takes (ALLOW_POST).

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The Allow header of a 405 for a POST-only route. */
export const ALLOW_POST = { Allow: "POST" } as const;

/** The JSON error every resource route answers with. Errors are never cached. */
export function jsonError(status: number, message: string, headers?: HeadersInit): Response {
  const merged = new Headers(headers);
  merged.set("Cache-Control", "no-store");
  return Response.json({ error: message }, { status, headers: merged });
}

/** Runs a resource route's handler; an HttpError thrown anywhere inside becomes `jsonError`. */
export async function answeringHttpErrors(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof HttpError) return jsonError(error.status, error.message);
    throw error;
  }
}

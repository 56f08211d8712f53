// The one request-error contract. Code that refuses a request throws HttpError (the body readers
// do: 413 too large, 415 wrong type, 400 bad JSON); each kind of route answers it in its own
// format (JSON `{"error"}` for the API and background posts, the form's message for pages).
// A 405 always names the methods the route takes.

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

// Document responses take their headers from a route's `headers` export, not from what its action
// returned or its loader threw: without this, a refused form (429) would lose its Retry-After, and
// so would the 503 of a signed-in page while sessions are unavailable (thrown responses reach the
// headers of the route whose error boundary shows them: the root's, for most pages).
import type { HeadersFunction } from "@remix-run/node";

const PASSED_ON = ["Retry-After", "Cache-Control"];

export const passOnHeaders: HeadersFunction = ({ actionHeaders, errorHeaders }) => {
  const headers = new Headers();
  for (const source of [actionHeaders, errorHeaders]) {
    for (const name of PASSED_ON) {
      const value = source?.get(name);
      if (value) headers.set(name, value);
    }
  }
  return headers;
};

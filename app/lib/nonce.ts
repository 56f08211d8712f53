// The CSP nonce of this response, for <Scripts> and <ScrollRestoration>. entry.server.tsx
// provides it; in the browser it is "" (browsers hide nonces from the DOM, and scripts added after
// hydration are trusted through 'strict-dynamic').
import { createContext, useContext } from "react";

export const NonceContext = createContext("");

export function useNonce(): string {
  return useContext(NonceContext);
}

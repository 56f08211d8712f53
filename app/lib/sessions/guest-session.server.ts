// A guest's latest results live in their session, created only with their first valid result
// (nothing else gives a guest a server-side session). When they sign up (or log in) the accounts
// code carries the list into the new session, and the app offers to keep it: "keep" copies the
// results into their history, "discard" drops them.
// A guest session is a Redis key, so starting one is rate limited per address and it lasts a day:
// an address that sends thousands of cookie-less saves cannot fill the cache.
import type { AppLoadContext } from "@remix-run/node";
import { getSession, getSessionStorage, getSessionUser } from "./session.server";
import { clientIp, rateLimitSubject } from "../http/client-ip";
import { activeRule } from "../rate-limit/active-rules.server";
import { consume } from "../rate-limit/limiter.server";
import { getStore } from "../store/get-store.server";
import { StoreUnavailableError } from "../store/store";
import { withGuestResult, type GuestResult } from "./guest-results";

/** How long a guest's session keeps their results. */
export const GUEST_SESSION_MS = 24 * 60 * 60 * 1000;

export type GuestAdded = { ok: true; setCookie: string } | { ok: false; retryAfterSeconds: number };

/**
 * Adds a result to this request's session, starting one (if this address may start another);
 * returns its Set-Cookie, or how long until this address may start a guest session again.
 */
export async function addGuestResult(request: Request, context: Pick<AppLoadContext, "sourceIp" | "viewerAddress">, result: GuestResult): Promise<GuestAdded> {
  const session = await getSession(request);
  if (!session.id) {
    const allowed = await consume(await getStore(), activeRule("guestSessionIp"), rateLimitSubject(clientIp(context)));
    if (!allowed.allowed) return { ok: false, retryAfterSeconds: allowed.retryAfterSeconds };
    session.set("expiresAt", Date.now() + GUEST_SESSION_MS);
  }
  session.set("guestResults", withGuestResult(session.get("guestResults"), result));
  return { ok: true, setCookie: await (await getSessionStorage()).commitSession(session) };
}

/** The guest results waiting in this request's session (newest first). */
export async function guestResultsOf(request: Request): Promise<GuestResult[]> {
  return (await getSession(request)).get("guestResults") ?? [];
}

/** Removes the guest results from the session; returns them and the Set-Cookie to send. */
export async function takeGuestResults(request: Request): Promise<{ results: GuestResult[]; setCookie: string }> {
  const session = await getSession(request);
  const results = session.get("guestResults") ?? [];
  session.unset("guestResults");
  return { results, setCookie: await (await getSessionStorage()).commitSession(session) };
}

/**
 * How many guest results a signed-in user is offered to keep (0 for a guest, or when the store is
 * down: an offer is never worth breaking the calculator page for). One store read when there is
 * nothing to offer, which is nearly always.
 */
export async function guestResultsOffer(request: Request): Promise<number> {
  try {
    const waiting = await guestResultsOf(request);
    if (waiting.length === 0) return 0;
    return (await getSessionUser(request)) ? waiting.length : 0;
  } catch (error) {
    if (error instanceof StoreUnavailableError) return 0;
    throw error;
  }
}

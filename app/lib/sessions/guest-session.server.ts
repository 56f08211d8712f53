// A guest's latest results live in their session (created on their first result). When they sign
// up (or log in) the accounts code carries the list into the new session, and the app offers to
// keep it: "keep" copies the results into their history, "discard" drops them.
import { getSession, getSessionStorage, getSessionUser } from "./session.server";
import { StoreUnavailableError } from "../store/store";
import { withGuestResult, type GuestResult } from "./guest-results";

/** Adds a result to this request's session (starting one if needed); returns its Set-Cookie. */
export async function addGuestResult(request: Request, result: GuestResult): Promise<string> {
  const session = await getSession(request);
  session.set("guestResults", withGuestResult(session.get("guestResults"), result));
  return (await getSessionStorage()).commitSession(session);
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

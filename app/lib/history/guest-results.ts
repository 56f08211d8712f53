// A guest's latest results, kept in their session: newest first, at most GUEST_RESULTS_MAX.
// Pure list operations; reading and writing the session is guest-session.server.ts.
import { GUEST_RESULTS_MAX } from "./limits";
import type { GuestResult } from "./types";

export function withGuestResult(list: readonly GuestResult[] | undefined, result: GuestResult): GuestResult[] {
  return [result, ...(list ?? [])].slice(0, GUEST_RESULTS_MAX);
}

// A guest's latest results, kept in their session: newest first, at most GUEST_RESULTS_MAX.
// Pure list operations; reading and writing the session is guest-session.server.ts.
import type { InputMode } from "../calculator/input-mode";

/** A guest's results kept in the session, newest first; older ones fall off. */
export const GUEST_RESULTS_MAX = 20;

/** A result a guest computed, kept in the session until they sign up (or it falls off). */
export type GuestResult = {
  expression: string;
  result: string;
  input: InputMode;
  /** Epoch ms when it was computed. */
  at: number;
};

export function withGuestResult(list: readonly GuestResult[] | undefined, result: GuestResult): GuestResult[] {
  return [result, ...(list ?? [])].slice(0, GUEST_RESULTS_MAX);
}

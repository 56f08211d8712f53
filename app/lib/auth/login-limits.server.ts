// Login limits that stop attackers, not owners (decision 016):
// - per client address, every attempt (loginIp), as before;
// - per (email, address), from browsers not known for that email (loginEmailIp): one address
//   cannot keep guessing one account;
// - per email, from browsers not known for it: a progressive delay after LOGIN_FREE_FAILURES
//   failures in an hour (2 s, 4 s, 8 s … at most 15 minutes after the last failure), which slows
//   a guesser spread over many addresses without a flat wall;
// - a browser known for the email (known-device.server.ts) skips both per-email checks and
//   counts against its own device limit instead, so the owner's usual browser keeps working
//   whatever an attacker does elsewhere.
import type { Store } from "../store/store";
import { consumeAll, rateLimitKey, reset, type RateLimitResult } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { knows, type KnownDevice } from "./known-device.server";

export const MAX_DELAY_SECONDS = 15 * 60;

export type LoginAttempt = { email: string; ip: string; device: KnownDevice | null };

const failuresKey = (email: string) => rateLimitKey(activeRule("loginEmailFailures"), email);

/**
 * The email's failures in the current window and when the last one was. Read, then written: two
 * failures racing may count once, which costs an attacker one doubling at most.
 */
type Failures = { count: number; since: number; last: number };

async function readFailures(store: Store, email: string, now: number): Promise<Failures> {
  const text = await store.get(failuresKey(email));
  try {
    const value = text ? (JSON.parse(text) as Failures) : null;
    if (value && Number.isFinite(value.count) && now - value.since < activeRule("loginEmailFailures").windowMs) return value;
  } catch {
    // A malformed record counts as none.
  }
  return { count: 0, since: now, last: 0 };
}

/** Seconds to wait after the last failure, given the failures in the window. */
export function delayAfter(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(2 ** (failures - freeFailures + 1), MAX_DELAY_SECONDS);
}

/** Counts this attempt; refused (with the wait) when a limit applies. Checked before the password. */
export async function admitLogin(store: Store, attempt: LoginAttempt, now = Date.now()): Promise<RateLimitResult> {
  const known = knows(attempt.device, attempt.email);
  const counted = await consumeAll(store, [
    [activeRule("loginIp"), attempt.ip],
    known && attempt.device ? [activeRule("loginDevice"), attempt.device.id] : [activeRule("loginEmailIp"), `${attempt.email}|${attempt.ip}`],
  ]);
  if (!counted.allowed || known) return counted;
  const failures = await readFailures(store, attempt.email, now);
  const wait = delayAfter(failures.count, activeRule("loginEmailFailures").max) * 1000 - (now - failures.last);
  return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
}

export async function loginFailed(store: Store, attempt: LoginAttempt, now = Date.now()): Promise<void> {
  if (knows(attempt.device, attempt.email)) return;
  const failures = await readFailures(store, attempt.email, now);
  const next: Failures = { count: failures.count + 1, since: failures.since, last: now };
  await store.set(failuresKey(attempt.email), JSON.stringify(next), activeRule("loginEmailFailures").windowMs - (now - failures.since));
}

export async function loginSucceeded(store: Store, attempt: LoginAttempt): Promise<void> {
  await reset(store, activeRule("loginEmailIp"), `${attempt.email}|${attempt.ip}`);
  if (attempt.device) await reset(store, activeRule("loginDevice"), attempt.device.id);
}

/** The owner proved control of the mailbox (password reset): the per-email delay starts afresh. */
export async function forgetEmailFailures(store: Store, email: string): Promise<void> {
  await store.del([failuresKey(email)]);
}

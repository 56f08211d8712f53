// Counting requests against the rules in rules.ts, in the shared store (Redis in production), so
// every Lambda container sees the same counts. Emails are hashed before they become keys: the
// cache holds no addresses.
import { createHash } from "node:crypto";
import type { Store } from "../store/store";
import type { RateLimitRule } from "./rules";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function rateLimitKey(rule: RateLimitRule, subject: string): string {
  const id = subject.includes("@") ? createHash("sha256").update(subject).digest("base64url").slice(0, 32) : subject;
  return `rl:${rule.name}:${id}`;
}

/** Counts one attempt; refused once the window holds more than `max`. */
export async function consume(store: Store, rule: RateLimitRule, subject: string): Promise<RateLimitResult> {
  const { count, resetMs } = await store.hit(rateLimitKey(rule, subject), rule.windowMs);
  if (count <= rule.max) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
}

/** Forgets the attempts of `subject` (after a successful login). */
export async function reset(store: Store, rule: RateLimitRule, subject: string): Promise<void> {
  await store.del([rateLimitKey(rule, subject)]);
}

/** Counts against several rules at once; refused if any refuses (the longest wait wins). */
export async function consumeAll(store: Store, checks: Array<[RateLimitRule, string]>): Promise<RateLimitResult> {
  const results = await Promise.all(checks.map(([rule, subject]) => consume(store, rule, subject)));
  const waits = results.flatMap((result) => (result.allowed ? [] : [result.retryAfterSeconds]));
  return waits.length === 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(...waits) };
}

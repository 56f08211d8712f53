// How a Stripe subscription becomes a row of the `subscription` mirror, and whether a state read
// from Stripe may overwrite what the mirror holds. Pure functions, unit-tested here; the lock and
// the read around them live in sync.server.ts. Reasons: docs/decisions/007.
import type Stripe from "stripe";

/** What the mirror keeps of a Stripe subscription. */
export type MirrorSnapshot = {
  stripeSubscriptionId: string;
  status: string;
  priceId: string;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  /** Stripe's cancel_at: the moment it is scheduled to end (null: none). */
  cancelAt: Date | null;
  /** Stripe's pause_collection is set (the status stays active; Premium does not). */
  collectionPaused: boolean;
};

/** The mirror row as the decision needs it (null: the user has none). */
export type MirrorRow = {
  stripeSubscriptionId: string | null;
  status: string;
  lastEventCreatedAt: Date | null;
} | null;

/** A subscription in one of these states never changes again at Stripe. */
const TERMINAL = new Set(["canceled", "incomplete_expired"]);
const PREMIUM = new Set(["active", "trialing"]);
const NOT_YET_STARTED = new Set(["incomplete", "incomplete_expired"]);

export const isTerminal = (status: string) => TERMINAL.has(status);

/**
 * The mirror's view of `sub`. Since API version 2025-03-31 the billing period lives on the
 * subscription items, not on the subscription; with one item (our one price) that item's period
 * is the subscription's. `cancel_at` (a scheduled cancellation, possibly months ahead) is kept
 * apart from `cancel_at_period_end`: renewals before it keep Premium.
 */
export function snapshotOf(sub: Stripe.Subscription): MirrorSnapshot {
  const items = sub.items.data;
  const first = items[0];
  if (!first) throw new Error(`Subscription ${sub.id} has no items`);
  const periodEnd = Math.max(...items.map((item) => item.current_period_end));
  return {
    stripeSubscriptionId: sub.id,
    status: sub.status,
    priceId: first.price.id,
    currentPeriodEnd: new Date(periodEnd * 1000),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: sub.cancel_at ? new Date(sub.cancel_at * 1000) : null,
    collectionPaused: sub.pause_collection != null,
  };
}

export type Decision = {
  write: boolean;
  /** Why, for the log line and the tests. */
  reason: "new" | "newer" | "replaces-ended" | "second-subscription" | "ended" | "other-subscription-ended";
  /** A subscription started giving premium (SubscriptionCreated). */
  started: boolean;
  /** A subscription ended (SubscriptionCanceled). */
  canceled: boolean;
};

const skip = (reason: Decision["reason"]): Decision => ({ write: false, reason, started: false, canceled: false });

/** Stripe statuses of a subscription that bills, or will bill again. */
const LIVE = new Set(["active", "trialing", "past_due", "unpaid", "paused"]);
export const isLive = (status: string) => LIVE.has(status);

/**
 * May `incoming`, a state just read from Stripe while the user's row is locked (the webhook and
 * the re-sync both read before they write), overwrite `current`? It is the newest state there is,
 * whatever the age of the event that prompted the read, so only the rules between subscriptions
 * apply: an ended subscription stays ended (Stripe never revives one); another subscription's end
 * never replaces anything; a live one replaces an ended one (they subscribed again) or the live one
 * mirrored now (two live ones: the caller mirrors the one that is not ending).
 */
export function decide(current: MirrorRow, incoming: MirrorSnapshot): Decision {
  const becomesPremium = PREMIUM.has(incoming.status);
  const becomesCanceled = incoming.status === "canceled";
  if (!current) return { write: true, reason: "new", started: becomesPremium, canceled: false };
  if (current.stripeSubscriptionId === incoming.stripeSubscriptionId) {
    if (isTerminal(current.status)) return skip("ended");
    return { write: true, reason: "newer", started: becomesPremium && NOT_YET_STARTED.has(current.status), canceled: becomesCanceled };
  }
  if (isTerminal(incoming.status)) return skip("other-subscription-ended");
  if (current.stripeSubscriptionId === null || isTerminal(current.status)) {
    return { write: true, reason: "replaces-ended", started: becomesPremium, canceled: false };
  }
  return { write: true, reason: "second-subscription", started: becomesPremium && !PREMIUM.has(current.status), canceled: false };
}

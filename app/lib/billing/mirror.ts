// How a Stripe subscription becomes a row of the `subscription` mirror, and whether an event may
// overwrite what the mirror holds. Pure functions: the ordering rules are unit-tested here, the
// transaction around them lives in webhook.server.ts. Reasons: docs/decisions/007.
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
  reason: "new" | "newer" | "replaces-ended" | "second-subscription" | "stale" | "ended" | "other-subscription-ended";
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
 * Like `decide`, for a state just read from Stripe while the user's row is locked (the webhook and
 * the re-sync both read before they write): it is the newest there is, whatever the event's age,
 * so only the rules between two subscriptions apply. An ended subscription stays ended; another
 * subscription's end never replaces a live one, nor another ended one.
 */
export function decideFresh(current: MirrorRow, incoming: MirrorSnapshot): Decision {
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

/**
 * May the state `incoming` (from an event created at `eventCreated`) overwrite `current`?
 * - Same subscription: only if the event is not older than the newest one applied
 *   (lastEventCreatedAt). Stripe's `created` has one-second resolution, so on a tie we apply,
 *   except a move back to "incomplete" (a subscription.created that lost a race with the update
 *   that activated it). A canceled subscription is final: nothing overwrites it.
 * - Another subscription of the same user: it replaces an ended one (the user subscribed again);
 *   its own end never ends a live one (a late event about an old subscription); two live ones
 *   (should not happen: Upgrade is refused while one is live) — the newer event wins.
 */
export function decide(current: MirrorRow, incoming: MirrorSnapshot, eventCreated: Date): Decision {
  const becomesPremium = PREMIUM.has(incoming.status);
  const becomesCanceled = incoming.status === "canceled";
  if (!current) return { write: true, reason: "new", started: becomesPremium, canceled: false };

  const notOlder = !current.lastEventCreatedAt || eventCreated.getTime() >= current.lastEventCreatedAt.getTime();
  if (current.stripeSubscriptionId === incoming.stripeSubscriptionId) {
    if (isTerminal(current.status)) return skip("ended");
    if (!notOlder) return skip("stale");
    const tie = current.lastEventCreatedAt?.getTime() === eventCreated.getTime();
    if (tie && NOT_YET_STARTED.has(incoming.status) && !NOT_YET_STARTED.has(current.status)) return skip("stale");
    return {
      write: true,
      reason: "newer",
      started: becomesPremium && NOT_YET_STARTED.has(current.status),
      canceled: becomesCanceled,
    };
  }
  if (current.stripeSubscriptionId === null || isTerminal(current.status)) {
    // The user's previous subscription has ended; a later one takes its place, an older one does not.
    if (isTerminal(incoming.status) && !notOlder) return skip("stale");
    return { write: true, reason: "replaces-ended", started: becomesPremium, canceled: false };
  }
  if (isTerminal(incoming.status)) return skip("other-subscription-ended");
  if (!notOlder) return skip("stale");
  return { write: true, reason: "second-subscription", started: becomesPremium && !PREMIUM.has(current.status), canceled: false };
}

// The one rule that turns the subscription mirror into "premium or not". Pure (no database, no
// clock of its own) so it is unit-tested exhaustively and shared by isPremium and getPlan.
// Reasons: docs/decisions/007-billing-and-webhooks.md.

/** How long a past_due subscription keeps premium while Stripe retries the payment. */
export const PAST_DUE_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

/** The mirror columns the rule reads (a `subscription` row has them all). */
export type MirrorState = {
  status: string;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  /** Stripe's cancel_at (null or absent: none). */
  cancelAt?: Date | null;
  /** pause_collection is set at Stripe (absent: no). */
  collectionPaused?: boolean;
  /** A payment is disputed (absent or null: none). */
  disputedAt?: Date | null;
  statusChangedAt: Date;
};

export type Entitlement =
  | { premium: false; reason: "no-subscription" | "inactive" | "grace-over" | "period-ended" | "paused" | "disputed" }
  | {
      premium: true;
      reason: "active" | "grace";
      /** When premium ends for sure if nothing changes (null: it renews). */
      endsAt: Date | null;
    };

/**
 * - active / trialing: premium. A subscription set to cancel at period end stays premium until
 *   then; past that moment it is not, even if customer.subscription.deleted has not landed yet.
 * - past_due: premium for PAST_DUE_GRACE_MS after the status changed to past_due (Stripe is
 *   retrying the card; cutting a paying customer off on the first decline is worse than a week).
 * - anything else (canceled, unpaid, incomplete, incomplete_expired, paused): free.
 * - whatever the status: free while a payment is disputed (the money may be taken back), and while
 *   collection is paused (Stripe keeps the status `active` but collects nothing).
 */
export function entitlement(state: MirrorState | null, now: Date): Entitlement {
  if (!state) return { premium: false, reason: "no-subscription" };
  if (state.disputedAt) return { premium: false, reason: "disputed" };
  if (state.collectionPaused) return { premium: false, reason: "paused" };
  switch (state.status) {
    case "active":
    case "trialing":
      // cancel_at is the real end (renewals before it keep Premium); the flag alone means the period end.
      if (state.cancelAt || state.cancelAtPeriodEnd) {
        const ends = state.cancelAt ?? state.currentPeriodEnd;
        return now.getTime() < ends.getTime() ? { premium: true, reason: "active", endsAt: ends } : { premium: false, reason: "period-ended" };
      }
      return { premium: true, reason: "active", endsAt: null };
    case "past_due": {
      const graceEnd = state.statusChangedAt.getTime() + PAST_DUE_GRACE_MS;
      return now.getTime() < graceEnd
        ? { premium: true, reason: "grace", endsAt: new Date(graceEnd) }
        : { premium: false, reason: "grace-over" };
    }
    default:
      return { premium: false, reason: "inactive" };
  }
}

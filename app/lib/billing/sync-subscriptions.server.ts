// Scheduled job: re-sync from Stripe every subscription that changed since the last run, so the
// mirror heals by itself when webhooks were lost (an endpoint Stripe disabled after failures, an
// event that failed for days, an ordering race). "Changed" is what Stripe's event list says
// (GET /v1/events, kept 30 days, whether or not any endpoint received them); each subscription is
// then mirrored exactly as the webhook does it (sync.server.ts: lock, read, write).
//
// Resumable and idempotent: the window [since, until) and the last subscription done are kept in
// the store; a run cut short by its deadline (or a crash) continues in the same window after that
// subscription, and re-syncing one twice only reads and writes the same state again. A finished
// window moves `since` to its end (less a small overlap, since Stripe's list may show an event a
// moment late). Without a saved state the window is Stripe's 30 days of events.
import type Stripe from "stripe";

import { getPrisma } from "../db/client.server";
import { billingEnv } from "../env.server";
import { getStore } from "../store/get-store.server";
import type { Store } from "../store/store";
import { invoiceSubscriptionId } from "./webhook.server";
import { idOf, stripeReader, syncSubscription, type StripeReader, type SubscriptionRef } from "./sync.server";
import { BillingNotConfiguredError } from "./errors";
import { getStripe } from "./stripe.server";
import { SUBSCRIPTION_EVENTS } from "./webhook-events";

export const SYNC_CURSOR_KEY = "jobs:sync-subscriptions:cursor";
const CURSOR_TTL_MS = 40 * 24 * 60 * 60 * 1000;
const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;
const OVERLAP_SECONDS = 5 * 60;

type Cursor = { since: number; until?: number; after?: string };

export type SyncSubscriptionsOptions = {
  deadline?: number;
  /** Unix seconds; the window's end for a new run. */
  now?: number;
  store?: Store;
  stripe?: Stripe;
  /** Test seam: runs after a subscription was synced, before the cursor moves (simulated crashes). */
  afterSubscription?: (subscriptionId: string) => Promise<void> | void;
};

export type SyncSubscriptionsResult = {
  since: number;
  until: number;
  subscriptionsFound: number;
  subscriptionsSynced: number;
  finished: boolean;
  skipped?: string;
};

function readCursor(text: string | null): Cursor | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Cursor;
    return typeof value.since === "number" ? value : null;
  } catch {
    return null;
  }
}

/** The subscriptions the window's events are about, with what identifies their user, by id. */
async function changedSubscriptions(stripe: Stripe, since: number, until: number): Promise<Map<string, SubscriptionRef>> {
  const found = new Map<string, SubscriptionRef>();
  const list = stripe.events.list({ types: [...SUBSCRIPTION_EVENTS], created: { gte: since, lt: until }, limit: 100 });
  for await (const event of list) {
    const created = new Date(event.created * 1000);
    let ref: SubscriptionRef | null = null;
    const object = event.data.object as Stripe.Subscription | Stripe.Invoice;
    if (object.object === "subscription") {
      ref = { subscriptionId: object.id, customerId: idOf(object.customer), metadataUserId: object.metadata?.userId ?? null, created };
    } else if (object.object === "invoice") {
      const subscriptionId = invoiceSubscriptionId(object);
      if (subscriptionId) ref = { subscriptionId, customerId: idOf(object.customer), metadataUserId: object.parent?.subscription_details?.metadata?.userId ?? null, created };
    }
    // Newest first: the first event seen for a subscription is its latest.
    if (ref && !found.has(ref.subscriptionId)) found.set(ref.subscriptionId, ref);
  }
  return found;
}

export async function syncSubscriptions(options: SyncSubscriptionsOptions = {}): Promise<SyncSubscriptionsResult> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (!billingEnv().enabled && !options.stripe) {
    return { since: now, until: now, subscriptionsFound: 0, subscriptionsSynced: 0, finished: true, skipped: "billing is not configured" };
  }
  let stripe: Stripe;
  try {
    stripe = options.stripe ?? (await getStripe());
  } catch (error) {
    // The Stripe secret is still empty (Terraform creates it so until an operator fills it in).
    if (error instanceof BillingNotConfiguredError) return { since: now, until: now, subscriptionsFound: 0, subscriptionsSynced: 0, finished: true, skipped: "billing is not configured" };
    throw error;
  }
  const store = options.store ?? (await getStore());
  const reader: StripeReader = stripeReader(stripe);
  const saved = readCursor(await store.get(SYNC_CURSOR_KEY));
  const cursor: Required<Pick<Cursor, "since" | "until">> & Cursor = saved?.until !== undefined
    ? { since: saved.since, until: saved.until, after: saved.after }
    : { since: Math.max(saved?.since ?? 0, now - EVENT_RETENTION_SECONDS), until: now };
  await store.set(SYNC_CURSOR_KEY, JSON.stringify(cursor), CURSOR_TTL_MS);
  const result: SyncSubscriptionsResult = { since: cursor.since, until: cursor.until, subscriptionsFound: 0, subscriptionsSynced: 0, finished: false };
  const timeLeft = () => options.deadline === undefined || Date.now() < options.deadline;

  const changed = await changedSubscriptions(stripe, cursor.since, cursor.until);
  result.subscriptionsFound = changed.size;
  const prisma = await getPrisma();
  const { timeoutMs, maxNetworkRetries } = billingEnv();
  for (const id of [...changed.keys()].sort()) {
    if (cursor.after !== undefined && id <= cursor.after) continue;
    if (!timeLeft()) return result;
    const ref = changed.get(id) as SubscriptionRef;
    // One Stripe no longer has (404) is skipped by syncSubscription.
    await prisma.$transaction((tx) => syncSubscription(tx, reader, ref), { maxWait: 5_000, timeout: 5_000 + timeoutMs * (maxNetworkRetries + 1) * 2 });
    result.subscriptionsSynced += 1;
    await options.afterSubscription?.(id);
    cursor.after = id;
    await store.set(SYNC_CURSOR_KEY, JSON.stringify(cursor), CURSOR_TTL_MS);
  }
  await store.set(SYNC_CURSOR_KEY, JSON.stringify({ since: cursor.until - OVERLAP_SECONDS }), CURSOR_TTL_MS);
  result.finished = true;
  return result;
}

// A typed client for the fake's /_fake control API, for tests in any process (Vitest, Playwright).
import type { DeliveryAttempt } from "./fake-stripe";

export type FakeState = {
  now: number;
  customers: Array<{ id: string; email: string | null; metadata: Record<string, string> }>;
  subscriptions: Array<{ id: string; customer: string; status: string; cancel_at_period_end: boolean; items: { data: Array<{ current_period_end: number }> } }>;
  events: Array<{ id: string; type: string; created: number }>;
  deliveries: DeliveryAttempt[];
  requests: Array<{ method: string; path: string; body: unknown }>;
};

export class StripeFakeControl {
  constructor(readonly baseUrl: string) {}

  private async call<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/_fake${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`stripe-fake ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  state = () => this.call<FakeState>("/state");
  reset = () => this.call("/reset", {});
  /** Advances the test clock; renewals, retries and period ends happen and their events are delivered. */
  advanceClock = (seconds: number) => this.call<{ now: number; events: Array<{ id: string; type: string }> }>("/clock/advance", { seconds });
  advanceClockTo = (to: number) => this.call<{ now: number; events: Array<{ id: string; type: string }> }>("/clock/advance", { to });
  /** The next `count` API requests answer `status` (Stripe's api_error JSON). */
  failNext = (count: number, status = 500) => this.call("/fail", { count, status });
  /** The next `count` API requests wait `delayMs` first. */
  slowNext = (count: number, delayMs: number) => this.call("/slow", { count, delayMs });
  /** Cards (of one customer, or all) decline from now on, or work again. */
  setCardDeclines = (declines: boolean, customer?: string) => this.call("/card", { declines, customer });
  configureWebhook = (settings: { url?: string; secret?: string; delayMs?: number; autoRetry?: boolean }) => this.call("/webhook", settings);
  holdDeliveries = () => this.call("/deliveries/hold", {});
  releaseDeliveries = (order: "fifo" | "reverse" = "fifo") => this.call<{ deliveries: DeliveryAttempt[] }>("/deliveries/release", { order });
  redeliver = (eventId: string, copies = 1) => this.call<{ deliveries: DeliveryAttempt[] }>(`/events/${eventId}/redeliver`, { copies });
  /** Waits until every queued webhook delivery was attempted. */
  flush = () => this.call<{ deliveries: DeliveryAttempt[] }>("/flush", {});
  /** Disputes the charge of the subscription's latest paid invoice (charge.dispute.created). */
  dispute = (subscriptionId: string) => this.call<{ id: string; status: string }>(`/subscriptions/${subscriptionId}/dispute`, {});
  /** Closes a dispute as won or lost (charge.dispute.closed). */
  closeDispute = (disputeId: string, status: "won" | "lost") => this.call<{ id: string; status: string }>(`/disputes/${disputeId}/close`, { status });
  /** Refunds (all that is left, or `amount`) the charge of the subscription's latest paid invoice (charge.refunded). */
  refund = (subscriptionId: string, amount?: number) => this.call<{ id: string; amount_refunded: number }>(`/subscriptions/${subscriptionId}/refund`, amount === undefined ? {} : { amount });
  /** The exact payload and a fresh valid Stripe-Signature header for an event. */
  signedEvent = (eventId: string) => this.call<{ payload: string; header: string }>(`/events/${eventId}`);
}

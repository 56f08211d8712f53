// Errors billing turns into messages on /billing (and for account deletion). Stripe's own errors
// are recognised by shape (`type: "Stripe…Error"`), so this module never loads the SDK.

/** Billing has no Stripe key (a fresh clone, or an empty secret on AWS). */
export class BillingNotConfiguredError extends Error {
  override name = "BillingNotConfiguredError";
  constructor() {
    super("Billing is not configured: STRIPE_SECRET_KEY (or STRIPE_SECRET_ARN) and STRIPE_PRICE_ID are needed");
  }
}

/** Something the user asked that billing refuses, with the message to show them. */
export class BillingRequestError extends Error {
  override name = "BillingRequestError";
  constructor(
    message: string,
    readonly status = 409,
  ) {
    super(message);
  }
}

export type StripeErrorLike = { type: string; statusCode?: number; code?: string; requestId?: string; message: string };

export function isStripeError(error: unknown): error is StripeErrorLike {
  const type = (error as { type?: unknown } | null)?.type;
  return error instanceof Error && typeof type === "string" && type.startsWith("Stripe");
}

export const STRIPE_UNAVAILABLE_MESSAGE =
  "We could not reach our payment provider, so nothing was changed. Please try again in a minute.";

export const PORTAL_NOT_CONFIGURED_MESSAGE =
  "Managing billing online is not set up on our side yet, so nothing was changed. Please contact support to change or cancel your plan.";

export const REQUEST_IN_PROGRESS_MESSAGE =
  "Your previous request is still being processed by our payment provider. Please wait a moment and try again.";

/**
 * Stripe's 409 for a request whose idempotency key is still in use by another one (the SDK's retry
 * of a request that timed out while Stripe still runs it): nothing failed, it is just not done yet.
 */
export function isIdempotencyConflict(error: unknown): boolean {
  return isStripeError(error) && error.statusCode === 409 && (error.type === "StripeIdempotencyError" || error.code === "idempotency_key_in_use");
}

/**
 * Stripe's 400 when a portal session is asked for without a saved Customer Portal configuration
 * ("No configuration provided and your … default configuration has not been created"): an
 * operator's set-up gap, not an outage.
 */
export function isPortalNotConfigured(error: unknown): boolean {
  return isStripeError(error) && error.statusCode === 400 && /configuration/i.test(error.message) && /(not been created|no configuration|no such configuration)/i.test(error.message);
}

/** What to tell the user about a failure while talking to Stripe. */
export function billingErrorMessage(error: unknown): { status: number; message: string } {
  if (error instanceof BillingRequestError) return { status: error.status, message: error.message };
  if (error instanceof BillingNotConfiguredError) {
    return { status: 503, message: "Billing is not configured on this server, so upgrades are unavailable here." };
  }
  if (isPortalNotConfigured(error)) return { status: 503, message: PORTAL_NOT_CONFIGURED_MESSAGE };
  if (isIdempotencyConflict(error)) return { status: 409, message: REQUEST_IN_PROGRESS_MESSAGE };
  if (isStripeError(error)) return { status: 502, message: STRIPE_UNAVAILABLE_MESSAGE };
  return { status: 500, message: "Something went wrong on our side, so nothing was changed. Please try again." };
}

/** Safe fields of a Stripe error for a log line (never the request body or key). */
export function stripeErrorLog(error: unknown): Record<string, unknown> {
  if (isStripeError(error)) {
    return { type: error.type, statusCode: error.statusCode, code: error.code, requestId: error.requestId, message: error.message.slice(0, 300) };
  }
  return { error: error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error) };
}

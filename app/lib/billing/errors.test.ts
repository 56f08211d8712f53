import { describe, expect, it } from "vitest";

import { BillingNotConfiguredError, BillingRequestError, billingErrorMessage, isStripeError, PORTAL_NOT_CONFIGURED_MESSAGE, REQUEST_IN_PROGRESS_MESSAGE, STRIPE_UNAVAILABLE_MESSAGE, stripeErrorLog } from "./errors";

class FakeStripeError extends Error {
  type = "StripeAPIError";
  statusCode = 500;
  requestId = "req_1";
}

describe("billing errors", () => {
  it("recognises Stripe's errors without loading the SDK", () => {
    expect(isStripeError(new FakeStripeError("boom"))).toBe(true);
    expect(isStripeError(new Error("boom"))).toBe(false);
  });

  it("turns each failure into a status and a message for the page", () => {
    expect(billingErrorMessage(new FakeStripeError("boom"))).toEqual({ status: 502, message: STRIPE_UNAVAILABLE_MESSAGE });
    expect(billingErrorMessage(new BillingRequestError("no", 409))).toEqual({ status: 409, message: "no" });
    expect(billingErrorMessage(new BillingNotConfiguredError()).status).toBe(503);
    expect(billingErrorMessage(new TypeError("x")).status).toBe(500);
  });

  it("logs Stripe's request id, never more than a short message", () => {
    expect(stripeErrorLog(new FakeStripeError("x".repeat(1000)))).toMatchObject({ type: "StripeAPIError", statusCode: 500, requestId: "req_1" });
    expect(String(stripeErrorLog(new FakeStripeError("x".repeat(1000))).message).length).toBe(300);
  });

  it("says the portal is not set up (not 'could not reach') when Stripe has no portal configuration", () => {
    const missing = Object.assign(new FakeStripeError("No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal."), { type: "StripeInvalidRequestError", statusCode: 400 });
    expect(billingErrorMessage(missing)).toEqual({ status: 503, message: PORTAL_NOT_CONFIGURED_MESSAGE });
    const other = Object.assign(new FakeStripeError("No such customer: 'cus_x'"), { type: "StripeInvalidRequestError", statusCode: 400 });
    expect(billingErrorMessage(other).message).toBe(STRIPE_UNAVAILABLE_MESSAGE);
  });

  it("says a request is still in progress on Stripe's 409 for an idempotency key in use", () => {
    const conflict = Object.assign(new FakeStripeError("There is currently another in-progress request using this Stripe-Idempotency-Key."), { type: "StripeIdempotencyError", statusCode: 409, code: "idempotency_key_in_use" });
    expect(billingErrorMessage(conflict)).toEqual({ status: 409, message: REQUEST_IN_PROGRESS_MESSAGE });
  });
});

import { afterEach, describe, expect, it } from "vitest";

import { resetBillingEnvForTests } from "./stripe-secrets.server";
import { billingFormActionOrigins } from "./redirect-origins.server";

describe("billingFormActionOrigins", () => {
  afterEach(() => {
    delete process.env.STRIPE_API_BASE;
    resetBillingEnvForTests();
  });

  it("lists Stripe's hosted Checkout and portal", () => {
    resetBillingEnvForTests();
    expect(billingFormActionOrigins()).toEqual(["https://checkout.stripe.com", "https://billing.stripe.com"]);
  });

  it("adds the local fake's origin when STRIPE_API_BASE points at it", () => {
    process.env.STRIPE_API_BASE = "http://127.0.0.1:12111";
    resetBillingEnvForTests();
    expect(billingFormActionOrigins()).toContain("http://127.0.0.1:12111");
  });
});

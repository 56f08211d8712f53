import { describe, expect, it } from "vitest";

import allowed from "../../../tests/support/stripe-fake/allowed-params.generated.json";
import { checkoutParams } from "./checkout.server";

const base = { userId: "u1", customer: "cus_1", priceId: "price_x", appOrigin: "https://calc.example" };

describe("checkoutParams", () => {
  it("leaves Stripe Tax off by default", () => {
    const params = checkoutParams({ ...base, automaticTax: false });
    expect(params).not.toHaveProperty("automatic_tax");
    expect(params).not.toHaveProperty("customer_update");
    expect(params).toMatchObject({ mode: "subscription", customer: "cus_1", line_items: [{ price: "price_x", quantity: 1 }] });
  });

  it("turns on automatic tax with customer_update[address]=auto when STRIPE_AUTOMATIC_TAX=true", () => {
    expect(checkoutParams({ ...base, automaticTax: true })).toMatchObject({ automatic_tax: { enabled: true }, customer_update: { address: "auto" } });
  });

  it("sends only parameters the pinned stripe package's types know", () => {
    const known = (allowed.endpoints as Record<string, Record<string, unknown>>)["POST /v1/checkout/sessions"] ?? {};
    for (const key of Object.keys(checkoutParams({ ...base, automaticTax: true }))) expect(known, key).toHaveProperty(key);
  });
});

// Stripe Tax behind STRIPE_AUTOMATIC_TAX: Checkout asks for automatic tax and lets Stripe save the
// address Checkout collects on the customer, as Stripe requires for an existing customer (the fake
// refuses automatic tax for a customer without an address otherwise, as Stripe does).
import { describe, expect, it } from "vitest";

import { startBillingApp, startUpgrade } from "./fixtures";

const app = startBillingApp({ STRIPE_AUTOMATIC_TAX: "true" });

describe("Stripe Tax (STRIPE_AUTOMATIC_TAX=true)", () => {
  it("opens Checkout with automatic tax and customer_update[address]=auto", async () => {
    const { client } = await app.newUser("tax");
    const location = await startUpgrade(client);
    const session = app.stripe.fake.checkoutSession(location.split("/").at(-1) as string);
    expect(session.automatic_tax.enabled).toBe(true);
    const create = app.stripe.fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions").at(-1);
    expect(create?.body).toMatchObject({ automatic_tax: { enabled: "true" }, customer_update: { address: "auto" } });
  });

  it("the fake refuses automatic tax for an existing customer without an address unless Checkout may save it", () => {
    const customer = app.stripe.fake.createCustomer({ email: "no-address@example.com" });
    expect(() =>
      app.stripe.fake.createCheckoutSession({ mode: "subscription", priceId: "price_calcapp_premium_monthly", customer: customer.id, successUrl: "http://app.test/", automaticTax: true }),
    ).toThrow(/requires a valid address/);
  });
});

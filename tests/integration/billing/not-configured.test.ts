// A fresh clone has no Stripe key: /billing says so, and nothing crashes (npm start, real database).
import { describe, expect, it } from "vitest";

import { postWebhook, startBillingApp } from "./fixtures";

const app = startBillingApp({ STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "", STRIPE_PRICE_ID: "", STRIPE_API_BASE: "" });

describe("billing without Stripe configuration", () => {
  it("shows the plans and says billing is not configured, with no Upgrade button", async () => {
    const { client } = await app.newUser("unconfigured");
    const response = await client.get("/billing");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Billing is not configured on this server");
    expect(html).toContain('data-testid="current-plan">Free<');
    expect(html).not.toContain("Upgrade to Premium");
  });

  it("answers a forced Upgrade with the same message, and the webhook with 503", async () => {
    const { client } = await app.newUser("unconfigured-post");
    const response = await client.post("/billing", { intent: "upgrade" });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("Billing is not configured");
    const webhook = await postWebhook(app, "{}", "t=1,v1=00");
    expect(webhook.status).toBe(503);
    expect(app.stripe.fake.requests).toEqual([]);
  });
});

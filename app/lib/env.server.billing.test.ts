import { describe, expect, it } from "vitest";

import { parseBillingEnv } from "./env.server";

const full = {
  STRIPE_SECRET_KEY: "sk_test_abc123",
  STRIPE_WEBHOOK_SECRET: "whsec_abc",
  STRIPE_PRICE_ID: "price_calcapp_premium_monthly",
};

describe("parseBillingEnv", () => {
  it("is disabled without a key or a price (a fresh clone), and empty values count as unset", () => {
    expect(parseBillingEnv({}).enabled).toBe(false);
    expect(parseBillingEnv({ STRIPE_SECRET_KEY: "sk_test_x" }).enabled).toBe(false);
    expect(parseBillingEnv({ ...full, STRIPE_SECRET_KEY: "" }).enabled).toBe(false);
  });

  it("is enabled with a key or a secret ARN, and a price", () => {
    expect(parseBillingEnv(full)).toMatchObject({ enabled: true, priceId: full.STRIPE_PRICE_ID, apiBase: undefined, timeoutMs: 10_000 });
    expect(parseBillingEnv({ STRIPE_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:calcapp/stripe", STRIPE_PRICE_ID: "price_x" }).enabled).toBe(true);
  });

  it("names the variable that is wrong", () => {
    expect(() => parseBillingEnv({ ...full, STRIPE_SECRET_KEY: "pk_test_publishable" })).toThrow(/STRIPE_SECRET_KEY: must be a Stripe secret key/);
    expect(() => parseBillingEnv({ ...full, STRIPE_WEBHOOK_SECRET: "secret" })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => parseBillingEnv({ ...full, STRIPE_PRICE_ID: "prod_x" })).toThrow(/STRIPE_PRICE_ID/);
  });

  it("accepts STRIPE_API_BASE only on loopback, and never with a live key", () => {
    expect(parseBillingEnv({ ...full, STRIPE_API_BASE: "http://127.0.0.1:12111" }).apiBase?.port).toBe("12111");
    expect(() => parseBillingEnv({ ...full, STRIPE_API_BASE: "https://evil.example" })).toThrow(/STRIPE_API_BASE: must be a loopback URL/);
    expect(() => parseBillingEnv({ ...full, STRIPE_SECRET_KEY: "sk_live_abc", STRIPE_API_BASE: "http://localhost:12111" })).toThrow(/live key/);
  });

  it("retries once in production only", () => {
    expect(parseBillingEnv({ ...full, NODE_ENV: "production" }).maxNetworkRetries).toBe(1);
    expect(parseBillingEnv({ ...full, NODE_ENV: "test" }).maxNetworkRetries).toBe(0);
  });
});

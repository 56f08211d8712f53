import { describe, expect, it } from "vitest";

import { parseBillingEnv } from "../env.server";
import { stripeConfig } from "./stripe.server";

const base = { STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_PRICE_ID: "price_x" };

describe("stripeConfig", () => {
  it("talks to api.stripe.com by default, pinned to the API version the code is written for", () => {
    const config = stripeConfig(parseBillingEnv({ ...base, NODE_ENV: "production" }));
    expect(config).toMatchObject({ apiVersion: "2026-10-28.endive", maxNetworkRetries: 1, timeout: 10_000, telemetry: false });
    expect(config.host).toBeUndefined();
  });

  it("points the SDK at the local fake from STRIPE_API_BASE", () => {
    const config = stripeConfig(parseBillingEnv({ ...base, STRIPE_API_BASE: "http://127.0.0.1:12111", STRIPE_TIMEOUT_MS: "1500" }));
    expect(config).toMatchObject({ host: "127.0.0.1", port: "12111", protocol: "http", maxNetworkRetries: 0, timeout: 1500 });
    expect(stripeConfig(parseBillingEnv({ ...base, STRIPE_API_BASE: "http://[::1]/" }))).toMatchObject({ host: "::1", port: 80 });
  });
});

// Billing's environment, validated apart from app/lib/env.server.ts so that billing stays
// optional: without a Stripe key /billing says "not configured" and nothing else changes.
//
// Secrets: locally STRIPE_SECRET_KEY / STRIPE_WEBHOOK_SECRET hold the values; on AWS,
// STRIPE_SECRET_ARN names one Secrets Manager secret with JSON {secret_key, webhook_secret}
// (terraform/modules/storage/secrets.tf), read once per container through the extension
// (decision 004). Values are never logged.
import * as z from "zod/mini";

import { readSecretString } from "../db/secret-url.server";

const loopbackUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) && url.pathname === "/";
  } catch {
    return false;
  }
};

const schema = z.object({
  STRIPE_SECRET_KEY: z.optional(z.string().check(z.regex(/^(sk|rk)_(test|live)_\S+$/, "must be a Stripe secret key (sk_test_… or sk_live_…)"))),
  STRIPE_WEBHOOK_SECRET: z.optional(z.string().check(z.regex(/^whsec_\S+$/, "must be a webhook signing secret (whsec_…)"))),
  STRIPE_SECRET_ARN: z.optional(z.string().check(z.regex(/^arn:aws[\w-]*:secretsmanager:/, "must be a Secrets Manager ARN"))),
  STRIPE_PRICE_ID: z.optional(z.string().check(z.regex(/^price_\w+$/, "must be a Stripe price id (price_…)"))),
  // Only ever a local fake: a Stripe key must not be sent anywhere else (see README, dev:stripe).
  STRIPE_API_BASE: z.optional(z.string().check(z.refine(loopbackUrl, "must be a loopback URL like http://127.0.0.1:12111 (the local fake Stripe)"))),
  STRIPE_TIMEOUT_MS: z.optional(z.string().check(z.regex(/^\d{2,6}$/, "must be a number of milliseconds"))),
  // Stripe Tax on Checkout (README, Billing): off unless "true".
  STRIPE_AUTOMATIC_TAX: z.optional(z.enum(["true", "false"])),
});

export type BillingEnv = {
  /** A price and a way to get the key: billing is on (the key may still turn out empty, see stripeSecrets). */
  enabled: boolean;
  priceId: string | undefined;
  secretKey: string | undefined;
  webhookSecret: string | undefined;
  secretArn: string | undefined;
  apiBase: URL | undefined;
  timeoutMs: number;
  /** stripe's maxNetworkRetries: 1 in production (one retry, same idempotency key), 0 elsewhere. */
  maxNetworkRetries: number;
  /** Checkout computes and collects tax with Stripe Tax (automatic_tax), off by default. */
  automaticTax: boolean;
};

export function parseBillingEnv(source: Record<string, string | undefined>): BillingEnv {
  // `NAME=` in a .env file means "not set".
  const defined = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(defined);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid billing environment: ${problems.join("; ")}`);
  }
  const env = result.data;
  if (env.STRIPE_API_BASE && env.STRIPE_SECRET_KEY?.includes("_live_")) {
    throw new Error("Invalid billing environment: STRIPE_API_BASE: a live key is never sent to a local fake");
  }
  return {
    enabled: Boolean(env.STRIPE_PRICE_ID && (env.STRIPE_SECRET_KEY || env.STRIPE_SECRET_ARN)),
    priceId: env.STRIPE_PRICE_ID,
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    secretArn: env.STRIPE_SECRET_ARN,
    apiBase: env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : undefined,
    timeoutMs: env.STRIPE_TIMEOUT_MS ? Number(env.STRIPE_TIMEOUT_MS) : 10_000,
    maxNetworkRetries: source.NODE_ENV === "production" ? 1 : 0,
    automaticTax: env.STRIPE_AUTOMATIC_TAX === "true",
  };
}

let cached: BillingEnv | undefined;

/** Billing's validated environment (read once per process). Throws naming the bad variable. */
export function billingEnv(): BillingEnv {
  cached ??= parseBillingEnv({ ...process.env, NODE_ENV: process.env.NODE_ENV });
  return cached;
}

/** Tests change the environment between cases. */
export function resetBillingEnvForTests(): void {
  cached = undefined;
  secrets = undefined;
}

export type StripeSecrets = { secretKey: string; webhookSecret: string | undefined };

const secretJson = z.object({ secret_key: z.optional(z.string()), webhook_secret: z.optional(z.string()) });

let secrets: Promise<StripeSecrets | null> | undefined;

async function loadSecrets(env: BillingEnv): Promise<StripeSecrets | null> {
  if (env.secretKey) return { secretKey: env.secretKey, webhookSecret: env.webhookSecret };
  if (!env.secretArn) return null;
  const parsed = secretJson.safeParse(JSON.parse(await readSecretString(env.secretArn)));
  if (!parsed.success) throw new Error("The Stripe secret is not JSON {secret_key, webhook_secret}");
  // Terraform creates the secret with empty strings until an operator fills it in.
  const secretKey = parsed.data.secret_key?.trim();
  if (!secretKey) return null;
  return { secretKey, webhookSecret: parsed.data.webhook_secret?.trim() || env.webhookSecret };
}

/** The Stripe key and webhook secret, or null when billing is not configured. */
export function stripeSecrets(): Promise<StripeSecrets | null> {
  const env = billingEnv();
  if (!env.enabled) return Promise.resolve(null);
  secrets ??= loadSecrets(env).catch((error: unknown) => {
    secrets = undefined; // the extension may not be ready right after a cold start
    throw error;
  });
  return secrets;
}

/** True when upgrades can work: a price and a (non-empty) secret key. */
export async function isBillingConfigured(): Promise<boolean> {
  return (await stripeSecrets()) !== null;
}

// The Stripe key and webhook secret (billing's settings are a section of app/lib/env.server.ts).
// Locally STRIPE_SECRET_KEY / STRIPE_WEBHOOK_SECRET hold the values; on AWS,
// STRIPE_SECRET_ARN names one Secrets Manager secret with JSON {secret_key, webhook_secret}
// (terraform/modules/storage/secrets.tf), read once per container through the extension
// (decision 004). Values are never logged.
import * as z from "zod/mini";

import { billingEnv, type BillingEnv } from "../env.server";
import { readSecretString } from "../secrets/secrets-extension.server";

/** Tests change the environment between cases (the settings follow by themselves; the secrets are kept). */
export function resetBillingEnvForTests(): void {
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

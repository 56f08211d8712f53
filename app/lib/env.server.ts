// The environment, in one module: every variable the app reads is named here, in sections
// (the app, runtime facts, billing, history), each parsed by the same helper and cached by the
// same rule. A section is validated on first use, which for the app section is the Lambda's cold
// start (arc/shared/lambda-handler.ts), so a misconfigured Lambda fails at once with a message
// naming the variable. Billing and history are sections of their own so that a wrong Stripe or
// archive setting fails only the Lambdas that use them, never the calculator.
//
// Nothing else reads process.env (eslint.config.js enforces it for app/ and the Lambda handlers).
import path from "node:path";
import * as z from "zod/mini";
import { DURATION_PATTERN, parseDuration } from "./duration";

export type EnvSource = Record<string, string | undefined>;

/**
 * The process environment: the one read of process.env. NODE_ENV is the value fixed when a
 * Lambda is bundled (sandbox does not pass it), so it is read as written, for the bundler.
 * Functions that take an environment record (tests pass their own) default to this.
 */
export function processEnv(): EnvSource {
  return { ...process.env, NODE_ENV: process.env.NODE_ENV };
}

/** One variable, without copying the whole environment (sections are checked on every use). */
function readVariable(name: string): string | undefined {
  return name === "NODE_ENV" ? process.env.NODE_ENV : process.env[name];
}

/** The one parse helper: `NAME=` (empty) means "not set"; a failure names every bad variable. */
export function parseSection<T extends z.ZodMiniType>(schema: T, source: EnvSource, label = "Invalid environment"): z.infer<T> {
  const defined = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(defined);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`${label}: ${problems.join("; ")}`);
  }
  return result.data;
}

/**
 * The one caching rule: a section is parsed on first use and kept for the life of the process;
 * it is parsed again only when one of its own variables has changed (tests change them between
 * cases; a Lambda's never change). A failed parse is not kept, so it fails again, naming the
 * variable, on the next use.
 */
function section<T>(names: readonly string[], parse: (source: EnvSource) => T): () => T {
  let last: { values: (string | undefined)[]; value: T } | undefined;
  return () => {
    const values = names.map(readVariable);
    if (last && values.every((value, i) => value === last?.values[i])) return last.value;
    const value = parse(processEnv());
    last = { values, value };
    return value;
  };
}

// ---------------------------------------------------------------- the app (every Lambda)

/** Signs cookies under `npm run dev` only; refused everywhere else. */
export const DEV_SESSION_SECRET = "calcapp-development-only-session-secret-not-for-real-use";
export const MIN_SECRET_LENGTH = 32;

const duration = (fallback: string) =>
  z._default(z.string().check(z.regex(DURATION_PATTERN, "must be a duration like 30m, 12h or 7d")), fallback);

function isOriginList(value: string): boolean {
  return value.split(",").every((item) => {
    try {
      const url = new URL(item.trim());
      return (url.protocol === "https:" || url.protocol === "http:") && url.origin === item.trim().replace(/\/$/, "");
    } catch {
      return false;
    }
  });
}

const envSchema = z.object({
  NODE_ENV: z._default(z.enum(["development", "test", "production"]), "production"),
  LOG_LEVEL: z._default(z.enum(["debug", "info", "warn", "error"]), "info"),
  APP_REGION: z.optional(z.string().check(z.regex(/^[a-z0-9-]+$/, "must look like an AWS region, e.g. us-east-1"))),
  SESSION_SECRET: z.optional(z.string()),
  /** Production reads the secret through the Secrets Manager extension instead (decision 004). */
  SESSION_SECRET_ARN: z.optional(z.string()),
  /** SESSION_SECRET's old names, accepted for one release with a warning (decision 017). */
  JWT_SECRET: z.optional(z.string()),
  JWT_SECRET_ARN: z.optional(z.string()),
  JWT_ACCESS_EXPIRY: duration("7d"),
  JWT_REFRESH_EXPIRY: duration("30d"),
  REDIS_URL: z.optional(z.string().check(z.regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL"))),
  REDIS_KEY_PREFIX: z._default(
    z.string().check(z.regex(/^[A-Za-z0-9_:.-]{1,64}$/, "must be 1-64 letters, digits or _:.-")),
    "calcapp:",
  ),
  /** Under arc sandbox without REDIS_URL: the store server `npm run dev` runs. */
  DEV_STORE_URL: z.optional(
    z.string().check(z.regex(/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/, "must be a loopback http:// URL")),
  ),
  ORIGIN_VERIFY_SECRET: z.optional(z.string().check(z.minLength(16, "must be at least 16 characters"))),
  ORIGIN_VERIFY_SECRET_ARN: z.optional(z.string()),
  /** Raises every rate limit's maximum (end-to-end runs, where all browsers share one address). */
  RATE_LIMIT_MULTIPLIER: z.optional(z.string().check(z.regex(/^[1-9]\d{0,3}$/, "must be a whole number from 1 to 9999"))),
  APP_ORIGIN: z.optional(
    z.string().check(z.refine(isOriginList, "must be one or more comma-separated origins like https://app.calcapp.com")),
  ),
  /** Browser origins allowed to call the /v1 API (CORS); unset: none, CORS stays closed. */
  API_CORS_ORIGINS: z.optional(
    z.string().check(z.refine(isOriginList, "must be one or more comma-separated origins like https://partner.example.com")),
  ),
});

export type Env = z.infer<typeof envSchema> & {
  /** Cookie signing secrets, newest first; null when they come from an ARN at first use. */
  sessionSecrets: string[] | null;
  /** The variable that holds the cookie secret, or names its ARN (SESSION_SECRET, or an old name). */
  sessionSecretName: "SESSION_SECRET" | "JWT_SECRET";
  /** Old variable names in use, to warn about (they are accepted for one release). */
  deprecatedNames: string[];
  usingDevSecret: boolean;
  accessExpiryMs: number;
  refreshExpiryMs: number;
  /** Origins allowed to post to cookie-authenticated routes; null: the request's own origin. */
  appOrigins: string[] | null;
  /** Browser origins allowed to call /v1 across sites (API_CORS_ORIGINS); empty: none. */
  apiCorsOrigins: string[];
  /** RATE_LIMIT_MULTIPLIER; by default 10 in development (sign up again and again), else 1. */
  rateLimitMultiplier: number;
};

/** SESSION_SECRET's comma-separated secrets, or the problem with them (naming the variable). */
export function checkSessionSecrets(value: string, name = "SESSION_SECRET"): { secrets: string[] } | { problem: string } {
  const secrets = value.split(",").map((secret) => secret.trim());
  if (secrets.some((secret) => secret === "")) return { problem: `${name}: has an empty secret between commas` };
  const short = secrets.findIndex((secret) => secret.length < MIN_SECRET_LENGTH);
  if (short >= 0) {
    return {
      problem: `${name}: every comma-separated secret must be at least ${MIN_SECRET_LENGTH} characters (secret ${short + 1} has ${secrets[short]?.length}); generate one with \`openssl rand -base64 48\``,
    };
  }
  if (secrets.includes(DEV_SESSION_SECRET)) return { problem: `${name}: is the public development secret` };
  return { secrets };
}

export function parseEnv(source: EnvSource): Env {
  const env = parseSection(envSchema, source);
  const problems: string[] = [];
  const deprecatedNames: string[] = [];
  // SESSION_SECRET wins; JWT_SECRET (the name before the tokens took JWT_*) still works, with a warning.
  const usesNewName = env.SESSION_SECRET !== undefined || env.SESSION_SECRET_ARN !== undefined;
  const sessionSecretName = usesNewName ? "SESSION_SECRET" : env.JWT_SECRET !== undefined || env.JWT_SECRET_ARN !== undefined ? "JWT_SECRET" : "SESSION_SECRET";
  if (sessionSecretName === "JWT_SECRET") deprecatedNames.push(env.JWT_SECRET !== undefined ? "JWT_SECRET" : "JWT_SECRET_ARN");
  const value = usesNewName ? env.SESSION_SECRET : env.JWT_SECRET;
  const arn = usesNewName ? env.SESSION_SECRET_ARN : env.JWT_SECRET_ARN;
  let sessionSecrets: string[] | null = null;
  let usingDevSecret = false;
  if (value !== undefined) {
    const checked = checkSessionSecrets(value, sessionSecretName);
    if ("problem" in checked) problems.push(checked.problem);
    else sessionSecrets = checked.secrets;
  } else if (env.NODE_ENV === "development" && arn === undefined) {
    sessionSecrets = [DEV_SESSION_SECRET];
    usingDevSecret = true;
  } else if (arn === undefined) {
    problems.push(
      `SESSION_SECRET: must be set outside development (NODE_ENV=${env.NODE_ENV}): one or more comma-separated secrets of at least ${MIN_SECRET_LENGTH} characters, newest first (or SESSION_SECRET_ARN)`,
    );
  }
  const accessExpiryMs = parseDuration(env.JWT_ACCESS_EXPIRY) as number;
  const refreshExpiryMs = parseDuration(env.JWT_REFRESH_EXPIRY) as number;
  if (refreshExpiryMs < accessExpiryMs) problems.push("JWT_REFRESH_EXPIRY: must not be shorter than JWT_ACCESS_EXPIRY");
  if (problems.length > 0) throw new Error(`Invalid environment: ${problems.join("; ")}`);
  const appOrigins = env.APP_ORIGIN?.split(",").map((origin) => new URL(origin.trim()).origin) ?? null;
  const rateLimitMultiplier = env.RATE_LIMIT_MULTIPLIER ? Number(env.RATE_LIMIT_MULTIPLIER) : env.NODE_ENV === "development" ? 10 : 1;
  const apiCorsOrigins = env.API_CORS_ORIGINS?.split(",").map((origin) => new URL(origin.trim()).origin) ?? [];
  return {
    ...env,
    sessionSecrets,
    sessionSecretName,
    deprecatedNames,
    usingDevSecret,
    accessExpiryMs,
    refreshExpiryMs,
    appOrigins,
    apiCorsOrigins,
    rateLimitMultiplier,
  };
}

/** The app's validated environment. Throws, naming the variable, when one is wrong. */
export const getEnv = section(Object.keys(envSchema.shape), parseEnv);

// ---------------------------------------------------------------- runtime facts

/**
 * Facts about where the process runs and what it reports to. Read as they are, never refused:
 * the logger reads them while it loads, before anything could report a problem. (APP_REGION's
 * format is checked by the app section.)
 */
export type RuntimeEnv = {
  /** debug, info, warn or error; anything else logs at info. */
  LOG_LEVEL: string | undefined;
  /** The region health checks and logs report; else AWS_REGION (set by Lambda). */
  APP_REGION: string | undefined;
  AWS_REGION: string | undefined;
  /** The environment in metrics and error reports (staging, production). */
  APP_ENV: string | undefined;
  NODE_ENV: string | undefined;
  /** Error reporting is off (the SDK not even loaded) without it. */
  SENTRY_DSN: string | undefined;
  /** Public base URL of the JSON API; its origin may post to the API. */
  API_BASE_URL: string | undefined;
  /** Set by arc sandbox (`npm run dev`). */
  ARC_SANDBOX: string | undefined;
  /** Set by Lambda: on Lambda at all, and its runtime (X-Ray only runs there). */
  AWS_LAMBDA_FUNCTION_NAME: string | undefined;
  AWS_EXECUTION_ENV: string | undefined;
  /** "false" switches X-Ray subsegments off. */
  POWERTOOLS_TRACE_ENABLED: string | undefined;
};

const RUNTIME_NAMES = [
  "LOG_LEVEL",
  "APP_REGION",
  "AWS_REGION",
  "APP_ENV",
  "NODE_ENV",
  "SENTRY_DSN",
  "API_BASE_URL",
  "ARC_SANDBOX",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_EXECUTION_ENV",
  "POWERTOOLS_TRACE_ENABLED",
] as const satisfies readonly (keyof RuntimeEnv)[];

export const runtimeEnv = section(RUNTIME_NAMES, (source): RuntimeEnv => {
  const env = {} as RuntimeEnv;
  for (const name of RUNTIME_NAMES) env[name] = source[name];
  return env;
});

// ---------------------------------------------------------------- billing (billing Lambda)
//
// Billing stays optional: without a Stripe key /billing says "not configured" and nothing else
// changes. Secrets: locally STRIPE_SECRET_KEY / STRIPE_WEBHOOK_SECRET hold the values; on AWS,
// STRIPE_SECRET_ARN names one Secrets Manager secret (app/lib/billing/stripe-secrets.server.ts).

const loopbackUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) && url.pathname === "/";
  } catch {
    return false;
  }
};

const billingSchema = z.object({
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

export function parseBillingEnv(source: EnvSource): BillingEnv {
  const env = parseSection(billingSchema, source, "Invalid billing environment");
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

/** Billing's validated environment. Throws naming the bad variable. */
export const billingEnv = section([...Object.keys(billingSchema.shape), "NODE_ENV"], parseBillingEnv);

// ---------------------------------------------------------------- history (history Lambda, jobs)

export const DEFAULT_ARCHIVE_AFTER_DAYS = 365;

const historySchema = z.object({
  /** S3 bucket for archived history; without it, archives go to a local folder. */
  HISTORY_ARCHIVE_BUCKET: z.optional(
    z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name")),
  ),
  /** Rows older than this many days move from the database to the archive. */
  HISTORY_ARCHIVE_AFTER_DAYS: z._default(
    z.string().check(z.regex(/^[1-9]\d{0,4}$/, "must be a whole number of days (1-99999)")),
    String(DEFAULT_ARCHIVE_AFTER_DAYS),
  ),
  /** The local archive folder when there is no bucket (development, tests). */
  HISTORY_ARCHIVE_DIR: z.optional(z.string().check(z.minLength(1))),
});

export type HistoryConfig = {
  archiveBucket: string | null;
  archiveAfterDays: number;
  archiveDir: string;
};

export function parseHistoryConfig(source: EnvSource): HistoryConfig {
  const env = parseSection(historySchema, source);
  return {
    archiveBucket: env.HISTORY_ARCHIVE_BUCKET ?? null,
    archiveAfterDays: Number(env.HISTORY_ARCHIVE_AFTER_DAYS),
    archiveDir: path.resolve(env.HISTORY_ARCHIVE_DIR ?? path.join(".data", "archive")),
  };
}

/** The history's validated settings. Throws naming the bad variable. */
export const historyConfig = section(Object.keys(historySchema.shape), parseHistoryConfig);

// ---------------------------------------------------------------- API tokens (/v1)
//
// The /v1 API's JWTs (decision 017). A section of its own, checked on the first token request,
// so a wrong key fails the token API only, never the pages. Production names a Secrets Manager
// secret (JWT_SIGNING_KEYS_ARN) holding the same text, read once per container.

/** Signs API tokens under `npm run dev` only; refused everywhere else. */
export const DEV_JWT_SIGNING_KEYS = "dev-1:calcapp-development-only-jwt-signing-key-not-for-real-use";

const KID_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;

const tokenSchema = z.object({
  NODE_ENV: z._default(z.enum(["development", "test", "production"]), "production"),
  JWT_SIGNING_KEYS: z.optional(z.string()),
  JWT_SIGNING_KEYS_ARN: z.optional(z.string().check(z.regex(/^arn:aws[\w-]*:secretsmanager:/, "must be a Secrets Manager ARN"))),
  JWT_ISSUER: z._default(z.string().check(z.minLength(1), z.maxLength(200)), "calcapp"),
  JWT_AUDIENCE: z._default(z.string().check(z.minLength(1), z.maxLength(200)), "calcapp-api"),
});

export type SigningKey = { kid: string; secret: string };

export type TokenEnv = {
  /** Newest first: the first signs, every one verifies. Null: read from JWT_SIGNING_KEYS_ARN. */
  signingKeys: SigningKey[] | null;
  signingKeysArn: string | undefined;
  usingDevKeys: boolean;
  issuer: string;
  audience: string;
};

/** `kid:secret,kid:secret` (newest first), or the problem with it, naming the variable. */
export function checkSigningKeys(value: string, name = "JWT_SIGNING_KEYS"): { keys: SigningKey[] } | { problem: string } {
  const keys: SigningKey[] = [];
  const items = value.split(",").map((item) => item.trim());
  for (const [index, item] of items.entries()) {
    const colon = item.indexOf(":");
    const kid = colon > 0 ? item.slice(0, colon) : "";
    const secret = colon > 0 ? item.slice(colon + 1) : "";
    if (!KID_PATTERN.test(kid)) return { problem: `${name}: key ${index + 1} must look like <kid>:<secret>, the kid 1-40 letters, digits or _.-` };
    if (secret.length < MIN_SECRET_LENGTH) {
      return { problem: `${name}: key ${index + 1} (${kid}) needs a secret of at least ${MIN_SECRET_LENGTH} characters; generate one with \`openssl rand -base64 48\`` };
    }
    if (keys.some((key) => key.kid === kid)) return { problem: `${name}: the kid ${kid} is used twice` };
    keys.push({ kid, secret });
  }
  if (keys.some((key) => DEV_JWT_SIGNING_KEYS.endsWith(`:${key.secret}`))) return { problem: `${name}: holds the public development key` };
  return { keys };
}

export function parseTokenEnv(source: EnvSource): TokenEnv {
  const env = parseSection(tokenSchema, source, "Invalid token environment");
  let signingKeys: SigningKey[] | null = null;
  let usingDevKeys = false;
  if (env.JWT_SIGNING_KEYS !== undefined) {
    const checked = checkSigningKeys(env.JWT_SIGNING_KEYS);
    if ("problem" in checked) throw new Error(`Invalid token environment: ${checked.problem}`);
    signingKeys = checked.keys;
  } else if (env.NODE_ENV === "development" && env.JWT_SIGNING_KEYS_ARN === undefined) {
    const [kid = "", secret = ""] = DEV_JWT_SIGNING_KEYS.split(/:(.*)/s);
    signingKeys = [{ kid, secret }];
    usingDevKeys = true;
  } else if (env.JWT_SIGNING_KEYS_ARN === undefined) {
    throw new Error(
      `Invalid token environment: JWT_SIGNING_KEYS: must be set outside development (NODE_ENV=${env.NODE_ENV}): <kid>:<secret> pairs of ${MIN_SECRET_LENGTH}+ character secrets, comma-separated, newest first (or JWT_SIGNING_KEYS_ARN)`,
    );
  }
  return {
    signingKeys,
    signingKeysArn: env.JWT_SIGNING_KEYS_ARN,
    usingDevKeys,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  };
}

/** The token API's validated settings. Throws naming the bad variable. */
export const tokenEnv = section(Object.keys(tokenSchema.shape), parseTokenEnv);

// The environment is validated once, at start-up, so a misconfigured Lambda fails on its first
// cold start with a message that names the variable, not later inside a request.
import * as z from "zod/mini";
import { DURATION_PATTERN, parseDuration } from "./duration";

/** Signs cookies under `npm run dev` only; refused everywhere else. */
export const DEV_JWT_SECRET = "calcapp-development-only-session-secret-not-for-real-use";
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
  JWT_SECRET: z.optional(z.string()),
  /** Production reads the secret through the Secrets Manager extension instead (decision 004). */
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
});

export type Env = z.infer<typeof envSchema> & {
  /** Cookie signing secrets, newest first; null when they come from JWT_SECRET_ARN at first use. */
  jwtSecrets: string[] | null;
  usingDevSecret: boolean;
  accessExpiryMs: number;
  refreshExpiryMs: number;
  /** Origins allowed to post to cookie-authenticated routes; null: the request's own origin. */
  appOrigins: string[] | null;
  /** RATE_LIMIT_MULTIPLIER; by default 10 in development (sign up again and again), else 1. */
  rateLimitMultiplier: number;
};

/** JWT_SECRET's comma-separated secrets, or the problem with them (naming the variable). */
export function checkJwtSecrets(value: string, name = "JWT_SECRET"): { secrets: string[] } | { problem: string } {
  const secrets = value.split(",").map((secret) => secret.trim());
  if (secrets.some((secret) => secret === "")) return { problem: `${name}: has an empty secret between commas` };
  const short = secrets.findIndex((secret) => secret.length < MIN_SECRET_LENGTH);
  if (short >= 0) {
    return {
      problem: `${name}: every comma-separated secret must be at least ${MIN_SECRET_LENGTH} characters (secret ${short + 1} has ${secrets[short]?.length}); generate one with \`openssl rand -base64 48\``,
    };
  }
  if (secrets.includes(DEV_JWT_SECRET)) return { problem: `${name}: is the public development secret` };
  return { secrets };
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // `NAME=` in a .env file means "not set".
  const defined = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(defined);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join("; ")}`);
  }
  const env = result.data;
  const problems: string[] = [];
  let jwtSecrets: string[] | null = null;
  let usingDevSecret = false;
  if (env.JWT_SECRET !== undefined) {
    const checked = checkJwtSecrets(env.JWT_SECRET);
    if ("problem" in checked) problems.push(checked.problem);
    else jwtSecrets = checked.secrets;
  } else if (env.NODE_ENV === "development") {
    jwtSecrets = [DEV_JWT_SECRET];
    usingDevSecret = true;
  } else if (env.JWT_SECRET_ARN === undefined) {
    problems.push(
      `JWT_SECRET: must be set outside development (NODE_ENV=${env.NODE_ENV}): one or more comma-separated secrets of at least ${MIN_SECRET_LENGTH} characters, newest first (or JWT_SECRET_ARN)`,
    );
  }
  const accessExpiryMs = parseDuration(env.JWT_ACCESS_EXPIRY) as number;
  const refreshExpiryMs = parseDuration(env.JWT_REFRESH_EXPIRY) as number;
  if (refreshExpiryMs < accessExpiryMs) problems.push("JWT_REFRESH_EXPIRY: must not be shorter than JWT_ACCESS_EXPIRY");
  if (problems.length > 0) throw new Error(`Invalid environment: ${problems.join("; ")}`);
  const appOrigins = env.APP_ORIGIN?.split(",").map((origin) => new URL(origin.trim()).origin) ?? null;
  const rateLimitMultiplier = env.RATE_LIMIT_MULTIPLIER ? Number(env.RATE_LIMIT_MULTIPLIER) : env.NODE_ENV === "development" ? 10 : 1;
  return { ...env, jwtSecrets, usingDevSecret, accessExpiryMs, refreshExpiryMs, appOrigins, rateLimitMultiplier };
}

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  // NODE_ENV is fixed when a Lambda is bundled (sandbox does not pass it), so read the bundled value.
  cached = parseEnv({ ...process.env, NODE_ENV: process.env.NODE_ENV });
  if (cached.usingDevSecret) {
    console.warn("[env] JWT_SECRET is not set: session cookies are signed with the fixed development secret.");
  }
  return cached;
}

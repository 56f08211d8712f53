// The environment is validated once, at start-up, so a misconfigured Lambda fails on its first
// cold start with a message that names the variable, not later inside a request.
import * as z from "zod/mini";

const envSchema = z.object({
  NODE_ENV: z._default(z.enum(["development", "test", "production"]), "production"),
  LOG_LEVEL: z._default(z.enum(["debug", "info", "warn", "error"]), "info"),
  APP_REGION: z.optional(z.string().check(z.regex(/^[a-z0-9-]+$/, "must look like an AWS region, e.g. us-east-1"))),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join("; ")}`);
  }
  return result.data;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

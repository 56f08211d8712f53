import { describe, expect, it } from "vitest";
import { DEV_SESSION_SECRET, parseEnv } from "./env.server";

const secret = "s".repeat(32);

describe("parseEnv", () => {
  it("applies defaults", () => {
    expect(parseEnv({ SESSION_SECRET: secret })).toEqual({
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      SESSION_SECRET: secret,
      JWT_ACCESS_EXPIRY: "7d",
      JWT_REFRESH_EXPIRY: "30d",
      REDIS_KEY_PREFIX: "calcapp:",
      sessionSecrets: [secret],
      sessionSecretName: "SESSION_SECRET",
      deprecatedNames: [],
      usingDevSecret: false,
      accessExpiryMs: 7 * 86_400_000,
      refreshExpiryMs: 30 * 86_400_000,
      appOrigins: null,
      apiCorsOrigins: [],
      rateLimitMultiplier: 1,
    });
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ SESSION_SECRET: secret, LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => parseEnv({ SESSION_SECRET: secret, APP_REGION: "Not A Region" })).toThrow(/APP_REGION: must look like an AWS region/);
    expect(() => parseEnv({ SESSION_SECRET: secret, JWT_ACCESS_EXPIRY: "a week" })).toThrow(/JWT_ACCESS_EXPIRY: must be a duration/);
    expect(() => parseEnv({ SESSION_SECRET: secret, JWT_ACCESS_EXPIRY: "31d" })).toThrow(/JWT_REFRESH_EXPIRY: must not be shorter/);
    expect(() => parseEnv({ SESSION_SECRET: secret, REDIS_URL: "localhost:6379" })).toThrow(/REDIS_URL/);
    expect(() => parseEnv({ SESSION_SECRET: secret, REDIS_KEY_PREFIX: "has space" })).toThrow(/REDIS_KEY_PREFIX/);
    expect(() => parseEnv({ SESSION_SECRET: secret, ORIGIN_VERIFY_SECRET: "short" })).toThrow(/ORIGIN_VERIFY_SECRET/);
    expect(() => parseEnv({ SESSION_SECRET: secret, APP_ORIGIN: "https://app.example.com/path" })).toThrow(/APP_ORIGIN/);
    expect(() => parseEnv({ SESSION_SECRET: secret, RATE_LIMIT_MULTIPLIER: "0" })).toThrow(/RATE_LIMIT_MULTIPLIER/);
  });

  it("stops outside development without a strong SESSION_SECRET", () => {
    expect(() => parseEnv({})).toThrow(/SESSION_SECRET: must be set outside development/);
    expect(() => parseEnv({ NODE_ENV: "test" })).toThrow(/SESSION_SECRET: must be set/);
    expect(() => parseEnv({ SESSION_SECRET: "" })).toThrow(/SESSION_SECRET: must be set/);
    expect(() => parseEnv({ SESSION_SECRET: "too-short" })).toThrow(/SESSION_SECRET: every comma-separated secret must be at least 32 characters \(secret 1 has 9\)/);
    expect(() => parseEnv({ SESSION_SECRET: `${secret},short` })).toThrow(/secret 2 has 5/);
    expect(() => parseEnv({ SESSION_SECRET: `${secret},` })).toThrow(/empty secret/);
    expect(() => parseEnv({ SESSION_SECRET: DEV_SESSION_SECRET })).toThrow(/public development secret/);
  });

  it("splits SESSION_SECRET for rotation, newest first", () => {
    const older = "o".repeat(40);
    expect(parseEnv({ SESSION_SECRET: ` ${secret} , ${older}` }).sessionSecrets).toEqual([secret, older]);
  });

  it("still accepts the old name JWT_SECRET (and its ARN) for one release, naming it as deprecated", () => {
    const env = parseEnv({ JWT_SECRET: secret });
    expect(env.sessionSecrets).toEqual([secret]);
    expect(env.sessionSecretName).toBe("JWT_SECRET");
    expect(env.deprecatedNames).toEqual(["JWT_SECRET"]);
    expect(() => parseEnv({ JWT_SECRET: "too-short" })).toThrow(/JWT_SECRET: every comma-separated secret/);
    const byArn = parseEnv({ JWT_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:jwt" });
    expect(byArn.sessionSecrets).toBeNull();
    expect(byArn.deprecatedNames).toEqual(["JWT_SECRET_ARN"]);
    // The new name wins when both are set.
    const both = parseEnv({ SESSION_SECRET: secret, JWT_SECRET: "o".repeat(40) });
    expect(both.sessionSecrets).toEqual([secret]);
    expect(both.deprecatedNames).toEqual([]);
  });

  it("uses the fixed development secret only in development", () => {
    const env = parseEnv({ NODE_ENV: "development" });
    expect(env.sessionSecrets).toEqual([DEV_SESSION_SECRET]);
    expect(env.usingDevSecret).toBe(true);
  });

  it("accepts SESSION_SECRET_ARN instead of a value (read at first use)", () => {
    expect(parseEnv({ SESSION_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:session" }).sessionSecrets).toBeNull();
  });

  it("raises rate limits only when asked, or in development", () => {
    expect(parseEnv({ SESSION_SECRET: secret, RATE_LIMIT_MULTIPLIER: "50" }).rateLimitMultiplier).toBe(50);
    expect(parseEnv({ NODE_ENV: "development" }).rateLimitMultiplier).toBe(10);
    expect(parseEnv({ NODE_ENV: "development", RATE_LIMIT_MULTIPLIER: "1" }).rateLimitMultiplier).toBe(1);
  });

  it("reads allowed origins", () => {
    expect(parseEnv({ SESSION_SECRET: secret, APP_ORIGIN: "https://app.example.com, http://localhost:3000/" }).appOrigins).toEqual([
      "https://app.example.com",
      "http://localhost:3000",
    ]);
  });
});

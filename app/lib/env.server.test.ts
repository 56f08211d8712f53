import { describe, expect, it } from "vitest";
import { DEV_JWT_SECRET, parseEnv } from "./env.server";

const secret = "s".repeat(32);

describe("parseEnv", () => {
  it("applies defaults", () => {
    expect(parseEnv({ JWT_SECRET: secret })).toEqual({
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      JWT_SECRET: secret,
      JWT_ACCESS_EXPIRY: "7d",
      JWT_REFRESH_EXPIRY: "30d",
      REDIS_KEY_PREFIX: "calcapp:",
      jwtSecrets: [secret],
      usingDevSecret: false,
      accessExpiryMs: 7 * 86_400_000,
      refreshExpiryMs: 30 * 86_400_000,
      appOrigins: null,
      rateLimitMultiplier: 1,
    });
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ JWT_SECRET: secret, LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => parseEnv({ JWT_SECRET: secret, APP_REGION: "Not A Region" })).toThrow(/APP_REGION: must look like an AWS region/);
    expect(() => parseEnv({ JWT_SECRET: secret, JWT_ACCESS_EXPIRY: "a week" })).toThrow(/JWT_ACCESS_EXPIRY: must be a duration/);
    expect(() => parseEnv({ JWT_SECRET: secret, JWT_ACCESS_EXPIRY: "31d" })).toThrow(/JWT_REFRESH_EXPIRY: must not be shorter/);
    expect(() => parseEnv({ JWT_SECRET: secret, REDIS_URL: "localhost:6379" })).toThrow(/REDIS_URL/);
    expect(() => parseEnv({ JWT_SECRET: secret, REDIS_KEY_PREFIX: "has space" })).toThrow(/REDIS_KEY_PREFIX/);
    expect(() => parseEnv({ JWT_SECRET: secret, ORIGIN_VERIFY_SECRET: "short" })).toThrow(/ORIGIN_VERIFY_SECRET/);
    expect(() => parseEnv({ JWT_SECRET: secret, APP_ORIGIN: "https://app.example.com/path" })).toThrow(/APP_ORIGIN/);
    expect(() => parseEnv({ JWT_SECRET: secret, RATE_LIMIT_MULTIPLIER: "0" })).toThrow(/RATE_LIMIT_MULTIPLIER/);
  });

  it("stops outside development without a strong JWT_SECRET", () => {
    expect(() => parseEnv({})).toThrow(/JWT_SECRET: must be set outside development/);
    expect(() => parseEnv({ NODE_ENV: "test" })).toThrow(/JWT_SECRET: must be set/);
    expect(() => parseEnv({ JWT_SECRET: "" })).toThrow(/JWT_SECRET: must be set/);
    expect(() => parseEnv({ JWT_SECRET: "too-short" })).toThrow(/JWT_SECRET: every comma-separated secret must be at least 32 characters \(secret 1 has 9\)/);
    expect(() => parseEnv({ JWT_SECRET: `${secret},short` })).toThrow(/secret 2 has 5/);
    expect(() => parseEnv({ JWT_SECRET: `${secret},` })).toThrow(/empty secret/);
    expect(() => parseEnv({ JWT_SECRET: DEV_JWT_SECRET })).toThrow(/public development secret/);
  });

  it("splits JWT_SECRET for rotation, newest first", () => {
    const older = "o".repeat(40);
    expect(parseEnv({ JWT_SECRET: ` ${secret} , ${older}` }).jwtSecrets).toEqual([secret, older]);
  });

  it("uses the fixed development secret only in development", () => {
    const env = parseEnv({ NODE_ENV: "development" });
    expect(env.jwtSecrets).toEqual([DEV_JWT_SECRET]);
    expect(env.usingDevSecret).toBe(true);
  });

  it("accepts JWT_SECRET_ARN instead of a value (read at first use)", () => {
    expect(parseEnv({ JWT_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:jwt" }).jwtSecrets).toBeNull();
  });

  it("raises rate limits only when asked, or in development", () => {
    expect(parseEnv({ JWT_SECRET: secret, RATE_LIMIT_MULTIPLIER: "50" }).rateLimitMultiplier).toBe(50);
    expect(parseEnv({ NODE_ENV: "development" }).rateLimitMultiplier).toBe(10);
    expect(parseEnv({ NODE_ENV: "development", RATE_LIMIT_MULTIPLIER: "1" }).rateLimitMultiplier).toBe(1);
  });

  it("reads allowed origins", () => {
    expect(parseEnv({ JWT_SECRET: secret, APP_ORIGIN: "https://app.example.com, http://localhost:3000/" }).appOrigins).toEqual([
      "https://app.example.com",
      "http://localhost:3000",
    ]);
  });
});

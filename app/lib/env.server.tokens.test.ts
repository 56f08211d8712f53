import { describe, expect, it } from "vitest";
import { checkSigningKeys, DEV_JWT_SIGNING_KEYS, parseTokenEnv } from "./env.server";

const secret = "k".repeat(32);

describe("parseTokenEnv", () => {
  it("reads kid:secret pairs, newest first, with the default issuer and audience", () => {
    expect(parseTokenEnv({ JWT_SIGNING_KEYS: ` new:${secret}x , old:${secret}` })).toEqual({
      signingKeys: [
        { kid: "new", secret: `${secret}x` },
        { kid: "old", secret },
      ],
      signingKeysArn: undefined,
      usingDevKeys: false,
      issuer: "calcapp",
      audience: "calcapp-api",
    });
    expect(parseTokenEnv({ JWT_SIGNING_KEYS: `a:${secret}`, JWT_ISSUER: "https://calcapp.com", JWT_AUDIENCE: "partners" })).toMatchObject({
      issuer: "https://calcapp.com",
      audience: "partners",
    });
  });

  it("needs keys outside development, and refuses weak, malformed, duplicate and public ones, naming the variable", () => {
    expect(() => parseTokenEnv({})).toThrow(/JWT_SIGNING_KEYS: must be set outside development/);
    expect(() => parseTokenEnv({ NODE_ENV: "test" })).toThrow(/JWT_SIGNING_KEYS: must be set/);
    expect(() => parseTokenEnv({ JWT_SIGNING_KEYS: "a:short" })).toThrow(/key 1 \(a\) needs a secret of at least 32/);
    expect(() => parseTokenEnv({ JWT_SIGNING_KEYS: secret })).toThrow(/key 1 must look like <kid>:<secret>/);
    expect(() => parseTokenEnv({ JWT_SIGNING_KEYS: `a b:${secret}` })).toThrow(/must look like <kid>:<secret>/);
    expect(() => parseTokenEnv({ JWT_SIGNING_KEYS: `a:${secret},a:${secret}y` })).toThrow(/the kid a is used twice/);
    expect(() => parseTokenEnv({ JWT_SIGNING_KEYS: DEV_JWT_SIGNING_KEYS })).toThrow(/public development key/);
    expect(() => parseTokenEnv({ JWT_SIGNING_KEYS: `a:${secret}`, JWT_SIGNING_KEYS_ARN: "nope" })).toThrow(/JWT_SIGNING_KEYS_ARN: must be a Secrets Manager ARN/);
    expect("problem" in checkSigningKeys(`a:${secret},`)).toBe(true);
  });

  it("uses the fixed development key only in development, and an ARN when given", () => {
    const dev = parseTokenEnv({ NODE_ENV: "development" });
    expect(dev.usingDevKeys).toBe(true);
    expect(dev.signingKeys?.[0]?.kid).toBe("dev-1");
    const arn = "arn:aws:secretsmanager:us-east-1:1:secret:jwt-keys";
    expect(parseTokenEnv({ JWT_SIGNING_KEYS_ARN: arn })).toMatchObject({ signingKeys: null, signingKeysArn: arn, usingDevKeys: false });
    expect(parseTokenEnv({ NODE_ENV: "development", JWT_SIGNING_KEYS_ARN: arn }).usingDevKeys).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("applies defaults", () => {
    expect(parseEnv({})).toEqual({ NODE_ENV: "production", LOG_LEVEL: "info" });
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => parseEnv({ APP_REGION: "Not A Region" })).toThrow(/APP_REGION: must look like an AWS region/);
  });
});

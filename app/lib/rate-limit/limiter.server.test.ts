import { describe, expect, it } from "vitest";
import { MemoryStore } from "../store/memory-store";
import { consume, consumeAll, rateLimitKey, reset } from "./limiter.server";
import { RATE_LIMITS } from "./rules";

function clock() {
  let now = 5_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const rule = { name: "test", max: 3, windowMs: 60_000 };

describe("rate limiter", () => {
  it("allows max attempts per window, then says when to retry", async () => {
    const time = clock();
    const store = new MemoryStore(time.now);
    for (let i = 0; i < 3; i++) expect(await consume(store, rule, "1.2.3.4")).toEqual({ allowed: true });
    time.advance(15_000);
    expect(await consume(store, rule, "1.2.3.4")).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(await consume(store, rule, "5.6.7.8")).toEqual({ allowed: true }); // another subject
    time.advance(45_000);
    expect(await consume(store, rule, "1.2.3.4")).toEqual({ allowed: true }); // a new window
  });

  it("starts again from zero after a reset", async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 4; i++) await consume(store, rule, "ann@example.com");
    expect((await consume(store, rule, "ann@example.com")).allowed).toBe(false);
    await reset(store, rule, "ann@example.com");
    expect((await consume(store, rule, "ann@example.com")).allowed).toBe(true);
  });

  it("refuses when any rule refuses, with the longest wait", async () => {
    const time = clock();
    const store = new MemoryStore(time.now);
    const long = { name: "long", max: 1, windowMs: 3_600_000 };
    await consumeAll(store, [[rule, "ip"], [long, "ann@example.com"]]);
    expect(await consumeAll(store, [[rule, "ip"], [long, "ann@example.com"]])).toEqual({ allowed: false, retryAfterSeconds: 3_600 });
  });

  it("keeps email addresses out of keys", () => {
    const key = rateLimitKey(RATE_LIMITS.loginEmailIp, "ann@example.com|203.0.113.7");
    expect(key).toMatch(/^rl:login-email-ip:[\w-]{32}$/);
    expect(key).not.toContain("ann");
    expect(rateLimitKey(RATE_LIMITS.loginIp, "203.0.113.7")).toBe("rl:login-ip:203.0.113.7");
  });

  it("states the limits of decisions 006 and 016", () => {
    expect(RATE_LIMITS.loginEmailIp).toMatchObject({ max: 5, windowMs: 900_000 });
    expect(RATE_LIMITS.loginEmailFailures).toMatchObject({ max: 10, windowMs: 3_600_000 });
    expect(RATE_LIMITS.loginIp).toMatchObject({ max: 20, windowMs: 900_000 });
    expect(RATE_LIMITS.signupIp).toMatchObject({ max: 5, windowMs: 3_600_000 });
    expect(RATE_LIMITS.calculateIp).toMatchObject({ max: 120, windowMs: 60_000 });
  });
});

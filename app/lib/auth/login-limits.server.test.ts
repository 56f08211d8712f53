import { beforeAll, describe, expect, it, vi } from "vitest";
import { MemoryStore } from "../store/memory-store";
import { admitLogin, delayAfter, loginFailed, loginSucceeded, MAX_DELAY_SECONDS } from "./login-limits.server";
import { emailTag } from "./known-device.server";

beforeAll(() => {
  vi.stubEnv("JWT_SECRET", "unit-test-secret-of-at-least-32-characters");
});

const alice = "alice@example.com";
const ownerDevice = { id: "a".repeat(22), accounts: [emailTag(alice)] };

describe("delayAfter", () => {
  it("is free for the first failures, then doubles up to 15 minutes", () => {
    expect([9, 10, 11, 12, 13].map((f) => delayAfter(f, 10))).toEqual([0, 2, 4, 8, 16]);
    expect(delayAfter(100, 10)).toBe(MAX_DELAY_SECONDS);
  });
});

describe("admitLogin", () => {
  it("slows a guesser spread over many addresses, but never the owner's known browser", async () => {
    let now = 1_000_000;
    const store = new MemoryStore(() => now);
    for (let i = 0; i < 10; i++) {
      const attempt = { email: alice, ip: `203.0.113.${i}`, device: null };
      expect(await admitLogin(store, attempt, now)).toEqual({ allowed: true });
      await loginFailed(store, attempt, now);
    }
    expect(await admitLogin(store, { email: alice, ip: "203.0.113.50", device: null }, now)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(await admitLogin(store, { email: alice, ip: "198.51.100.1", device: ownerDevice }, now)).toEqual({ allowed: true });
    now += 2_000;
    expect((await admitLogin(store, { email: alice, ip: "203.0.113.51", device: null }, now)).allowed).toBe(true);
    await loginFailed(store, { email: alice, ip: "203.0.113.51", device: null }, now);
    expect(await admitLogin(store, { email: alice, ip: "203.0.113.52", device: null }, now)).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });

  it("stops one address after 5 tries at one account; a success starts that count again", async () => {
    const store = new MemoryStore();
    const attempt = { email: alice, ip: "203.0.113.9", device: null };
    for (let i = 0; i < 5; i++) expect((await admitLogin(store, attempt)).allowed).toBe(true);
    expect((await admitLogin(store, attempt)).allowed).toBe(false);
    await loginSucceeded(store, attempt);
    expect((await admitLogin(store, attempt)).allowed).toBe(true);
  });
});

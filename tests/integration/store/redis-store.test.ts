// The Redis store against the machine's Redis: the operations sessions and rate limits use, the
// key prefix (including keys inside Lua scripts), and a fast StoreUnavailableError when Redis is
// not there.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../../app/lib/store/redis-store.server";
import { StoreUnavailableError } from "../../../app/lib/store/store";
import { freePort, REDIS_URL } from "../../support/app-server";
import { deleteKeysWithPrefix } from "../../support/redis-keys";

const prefix = `calcapp:test:store:${randomUUID()}:`;
const store = new RedisStore({ url: REDIS_URL, keyPrefix: prefix });
const raw = new Redis(REDIS_URL);

afterAll(async () => {
  await store.close();
  raw.disconnect();
  await deleteKeysWithPrefix(REDIS_URL, prefix);
});

describe("RedisStore", () => {
  it("sets values with a TTL under the key prefix", async () => {
    await store.ping();
    await store.set("session:a", "{}", 60_000);
    expect(await store.get("session:a")).toBe("{}");
    expect(await raw.get(`${prefix}session:a`)).toBe("{}");
    const ttl = await raw.pttl(`${prefix}session:a`);
    expect(ttl).toBeGreaterThan(59_000);
    await store.del(["session:a", "session:missing"]);
    expect(await store.get("session:a")).toBeNull();
    await store.del([]);
  });

  it("keeps sets alive at least as long as asked, never shorter", async () => {
    await store.setAdd("user-sessions:u", "one", 60_000);
    await store.setAdd("user-sessions:u", "two", 1_000);
    expect((await store.setMembers("user-sessions:u")).sort()).toEqual(["one", "two"]);
    expect(await raw.pttl(`${prefix}user-sessions:u`)).toBeGreaterThan(59_000);
    await store.setRemove("user-sessions:u", "one");
    expect(await store.setMembers("user-sessions:u")).toEqual(["two"]);
  });

  it("counts hits in a fixed window, under the prefix", async () => {
    expect(await store.hit("rl:test:x", 5_000)).toEqual({ count: 1, resetMs: 5_000 });
    const second = await store.hit("rl:test:x", 5_000);
    expect(second.count).toBe(2);
    expect(second.resetMs).toBeLessThanOrEqual(5_000);
    expect(await raw.get(`${prefix}rl:test:x`)).toBe("2");
    await raw.pexpire(`${prefix}rl:test:x`, 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await store.hit("rl:test:x", 5_000)).count).toBe(1);
  });

  it("fails fast with StoreUnavailableError when Redis is not there", async () => {
    const down = new RedisStore({ url: `redis://127.0.0.1:${await freePort()}`, keyPrefix: prefix });
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      await expect(down.get("anything")).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(1_500);
    }
    await down.close();
  });
});

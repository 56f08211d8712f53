import { describe, expect, it } from "vitest";
import { MemoryStore } from "./memory-store";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("MemoryStore", () => {
  it("expires values after their TTL", async () => {
    const time = clock();
    const store = new MemoryStore(time.now);
    await store.set("a", "1", 1_000);
    expect(await store.get("a")).toBe("1");
    time.advance(999);
    expect(await store.get("a")).toBe("1");
    time.advance(1);
    expect(await store.get("a")).toBeNull();
    expect(store.size).toBe(0);
  });

  it("deletes keys", async () => {
    const store = new MemoryStore();
    await store.set("a", "1", 1_000);
    await store.set("b", "2", 1_000);
    await store.del(["a", "b", "missing"]);
    expect(await store.get("a")).toBeNull();
    expect(await store.get("b")).toBeNull();
  });

  it("keeps sets alive as long as their longest-lived addition asked", async () => {
    const time = clock();
    const store = new MemoryStore(time.now);
    await store.setAdd("s", "x", 10_000);
    await store.setAdd("s", "y", 1_000); // must not shorten the set's life
    expect((await store.setMembers("s")).sort()).toEqual(["x", "y"]);
    time.advance(5_000);
    expect((await store.setMembers("s")).sort()).toEqual(["x", "y"]);
    await store.setRemove("s", "x");
    expect(await store.setMembers("s")).toEqual(["y"]);
    time.advance(5_000);
    expect(await store.setMembers("s")).toEqual([]);
  });

  it("counts hits in a fixed window that restarts after it ends", async () => {
    const time = clock();
    const store = new MemoryStore(time.now);
    expect(await store.hit("h", 60_000)).toEqual({ count: 1, resetMs: 60_000 });
    time.advance(20_000);
    expect(await store.hit("h", 60_000)).toEqual({ count: 2, resetMs: 40_000 });
    time.advance(40_000);
    expect(await store.hit("h", 60_000)).toEqual({ count: 1, resetMs: 60_000 });
  });

  it("does not mix value kinds under one key", async () => {
    const store = new MemoryStore();
    await store.set("k", "text", 1_000);
    expect(await store.setMembers("k")).toEqual([]);
    expect((await store.hit("k", 1_000)).count).toBe(1);
    expect(await store.get("k")).toBeNull();
  });
});

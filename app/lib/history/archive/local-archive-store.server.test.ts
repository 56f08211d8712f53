import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArchiveConflictError } from "./archive-store";
import { LocalArchiveStore } from "./local-archive-store.server";

describe("LocalArchiveStore", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "calcapp-local-archive-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes whole objects conditionally, lists by prefix, deletes", async () => {
    const store = new LocalArchiveStore(root);
    const key = "archive/u1/2025/01.jsonl.gz";
    expect(await store.read(key)).toBeNull();
    const first = await store.write(key, Buffer.from("one"), null);
    await expect(store.write(key, Buffer.from("again"), null)).rejects.toBeInstanceOf(ArchiveConflictError);
    await expect(store.write(key, Buffer.from("stale"), "not-the-etag")).rejects.toBeInstanceOf(ArchiveConflictError);
    await store.write(key, Buffer.from("two"), first);
    expect(Buffer.from((await store.read(key))?.body ?? []).toString()).toBe("two");

    await store.write("archive/u1/2025/02.jsonl.gz", Buffer.from("x"), null);
    await store.write("archive/u10/2025/01.jsonl.gz", Buffer.from("y"), null);
    expect(await store.list("archive/u1/")).toEqual(["archive/u1/2025/01.jsonl.gz", "archive/u1/2025/02.jsonl.gz"]);
    expect(await store.list("archive/nobody/")).toEqual([]);
    await store.delete(key);
    await store.delete(key);
    expect(await store.list("archive/u1/")).toEqual(["archive/u1/2025/02.jsonl.gz"]);
  });

  it("refuses keys that leave its folder", async () => {
    const store = new LocalArchiveStore(root);
    await expect(store.read("../outside")).rejects.toThrow(/escapes/);
  });
});

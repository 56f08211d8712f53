import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DevStoreClient } from "./dev-store-client.server";
import { DEV_STORE_HEADER } from "./dev-store-protocol";
import { startDevStoreServer, type DevStoreServer } from "./dev-store-server.server";
import { StoreUnavailableError } from "./store";

describe("dev store server and client", () => {
  let server: DevStoreServer;
  let client: DevStoreClient;
  beforeAll(async () => {
    server = await startDevStoreServer(0);
    client = new DevStoreClient(server.url);
  });
  afterAll(() => server?.close());

  it("performs every store operation over loopback", async () => {
    await client.ping();
    await client.set("k", "v", 60_000);
    expect(await client.get("k")).toBe("v");
    await client.del(["k"]);
    expect(await client.get("k")).toBeNull();
    await client.setAdd("s", "a", 60_000);
    await client.setAdd("s", "b", 60_000);
    await client.setRemove("s", "a");
    expect(await client.setMembers("s")).toEqual(["b"]);
    expect((await client.hit("h", 60_000)).count).toBe(1);
    expect((await client.hit("h", 60_000)).count).toBe(2);
  });

  it("refuses requests a browser page could send", async () => {
    const formPost = await fetch(server.url, { method: "POST", body: "op=ping", headers: { "content-type": "text/plain" } });
    expect(formPost.status).toBe(403);
    const get = await fetch(server.url);
    expect(get.status).toBe(405);
  });

  it("validates operations", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", [DEV_STORE_HEADER]: "1" },
      body: JSON.stringify({ op: "set", key: "k", value: "v", ttlMs: -1 }),
    });
    expect(response.status).toBe(400);
  });

  it("reports a store that is not running as unavailable", async () => {
    const closed = await startDevStoreServer(0);
    await closed.close();
    await expect(new DevStoreClient(closed.url).get("k")).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

// `npm run dev`'s store: a MemoryStore behind a loopback-only HTTP endpoint, so the process-per-
// request Lambdas of arc sandbox share sessions and rate limits the way Redis-backed ones do.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DEV_STORE_HEADER, devStoreRequest, MAX_DEV_STORE_BODY, type DevStoreRequest } from "./dev-store-protocol";
import { MemoryStore } from "./memory-store";

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DEV_STORE_BODY) {
        resolve(null);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

async function perform(store: MemoryStore, request: DevStoreRequest): Promise<unknown> {
  switch (request.op) {
    case "get":
      return store.get(request.key);
    case "set":
      return store.set(request.key, request.value, request.ttlMs);
    case "del":
      return store.del(request.keys);
    case "setAdd":
      return store.setAdd(request.key, request.member, request.ttlMs);
    case "setRemove":
      return store.setRemove(request.key, request.member);
    case "setMembers":
      return store.setMembers(request.key);
    case "hit":
      return store.hit(request.key, request.windowMs);
    case "ping":
      return "pong";
  }
}

export type DevStoreServer = { url: string; port: number; store: MemoryStore; close(): Promise<void> };

/** Listens on 127.0.0.1 only; port 0 picks a free one. */
export async function startDevStoreServer(port: number, store = new MemoryStore()): Promise<DevStoreServer> {
  const server: Server = createServer(async (request, response) => {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body ?? null);
      response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      response.end(text);
    };
    try {
      if (request.method !== "POST" || request.url !== "/") return send(405, { error: "POST a store operation to /" });
      if (request.headers[DEV_STORE_HEADER] !== "1" || !request.headers["content-type"]?.startsWith("application/json")) {
        return send(403, { error: `Send JSON with the ${DEV_STORE_HEADER} header` });
      }
      const text = await readBody(request);
      if (text === null) return send(413, { error: "Too large" });
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return send(400, { error: "Not JSON" });
      }
      const parsed = devStoreRequest.safeParse(json);
      if (!parsed.success) return send(400, { error: "Not a store operation" });
      send(200, { result: (await perform(store, parsed.data)) ?? null });
    } catch (error) {
      send(500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    store,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The store as seen from a Lambda under arc sandbox: each operation is one POST to the dev store
// server that `npm run dev` runs (see dev-store-server.server.ts).
import { DEV_STORE_HEADER, type DevStoreRequest } from "./dev-store-protocol";
import { StoreUnavailableError, type Store, type WindowCount } from "./store";

export class DevStoreClient implements Store {
  readonly kind = "dev-server";

  constructor(
    private readonly url: string,
    private readonly timeoutMs = 1_000,
  ) {}

  private async call<T>(request: DevStoreRequest): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", [DEV_STORE_HEADER]: "1" },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new StoreUnavailableError(`The development store at ${this.url} is not answering (is \`npm run dev\` running?)`, {
        cause: error,
      });
    }
    const body = (await response.json().catch(() => ({}))) as { result?: unknown; error?: string };
    if (!response.ok) throw new Error(`Development store: ${body.error ?? response.status}`);
    return body.result as T;
  }

  get(key: string) {
    return this.call<string | null>({ op: "get", key });
  }
  async set(key: string, value: string, ttlMs: number) {
    await this.call({ op: "set", key, value, ttlMs: Math.max(1, Math.ceil(ttlMs)) });
  }
  async del(keys: string[]) {
    if (keys.length > 0) await this.call({ op: "del", keys });
  }
  async setAdd(key: string, member: string, ttlMs: number) {
    await this.call({ op: "setAdd", key, member, ttlMs: Math.max(1, Math.ceil(ttlMs)) });
  }
  async setRemove(key: string, member: string) {
    await this.call({ op: "setRemove", key, member });
  }
  setMembers(key: string) {
    return this.call<string[]>({ op: "setMembers", key });
  }
  hit(key: string, windowMs: number) {
    return this.call<WindowCount>({ op: "hit", key, windowMs: Math.max(1, Math.ceil(windowMs)) });
  }
  async ping() {
    await this.call({ op: "ping" });
  }
}

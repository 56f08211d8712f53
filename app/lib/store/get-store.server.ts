// Which store this process uses, created on first use: Redis when REDIS_URL is set; under arc
// sandbox (`npm run dev`) the dev store server; otherwise memory (`npm start`, tests). Each
// implementation is imported only when chosen, so ioredis loads only where Redis is used.
import { getEnv, runtimeEnv } from "../env.server";
import { optionalSecret } from "../secrets/secrets.server";
import { DEFAULT_DEV_STORE_URL } from "./dev-store-protocol";
import type { Store } from "./store";

let store: Promise<Store> | undefined;

async function createStore(): Promise<Store> {
  const env = getEnv();
  if (env.REDIS_URL) {
    const [{ RedisStore }, password] = await Promise.all([import("./redis-store.server"), optionalSecret("REDIS_AUTH")]);
    return new RedisStore({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX, password });
  }
  if (runtimeEnv().ARC_SANDBOX) {
    const { DevStoreClient } = await import("./dev-store-client.server");
    return new DevStoreClient(env.DEV_STORE_URL ?? DEFAULT_DEV_STORE_URL);
  }
  const { MemoryStore } = await import("./memory-store");
  return new MemoryStore();
}

export function getStore(): Promise<Store> {
  store ??= createStore().catch((error: unknown) => {
    store = undefined;
    throw error;
  });
  return store;
}

// The store on Redis (ElastiCache in production). Tuned to fail fast rather than queue: a request
// must learn within about a second that Redis is gone, so that signed-in pages can answer 503 and
// the rate limiter of the JSON API can let requests through (decision 006).
import { Redis } from "ioredis";
import { traceCall } from "../observability/tracing.server";
import { StoreUnavailableError, type Store, type WindowCount } from "./store";
import { logger } from "../observability/logger.server";

export type RedisStoreOptions = {
  url: string;
  /** Prepended to every key (REDIS_KEY_PREFIX), so environments and test runs can share a Redis. */
  keyPrefix: string;
  /** The AUTH token, when it is not in the URL (production reads it from Secrets Manager). */
  password?: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
};

// SADD, then stretch the set's expiry to at least ARGV[2] ms (never shorten it).
const SET_ADD = `redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

// Fixed window: the first hit starts it; returns {count, ms left}.
const HIT = `local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

const LOG_EVERY_MS = 60_000;

export class RedisStore implements Store {
  readonly kind = "redis";
  private readonly client: Redis;
  private connecting: Promise<void> | undefined;
  private lastLogged = 0;

  constructor(options: RedisStoreOptions) {
    this.client = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: options.connectTimeoutMs ?? 1_000,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      keyPrefix: options.keyPrefix,
      ...(options.password ? { password: options.password } : {}),
      // Reconnect in the background; requests meanwhile fail at once (no offline queue).
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    // ioredis emits an error per failed reconnect: log the first, then once a minute. Its messages
    // name host and port, never the password.
    this.client.on("error", (error: Error) => {
      const now = Date.now();
      if (now - this.lastLogged < LOG_EVERY_MS) return;
      this.lastLogged = now;
      logger.warn("redis unavailable", { error: error.message });
    });
  }

  private async ready(): Promise<void> {
    if (this.client.status === "wait") {
      this.connecting ??= this.client.connect().finally(() => {
        this.connecting = undefined;
      });
    }
    if (this.connecting) await this.connecting;
  }

  /** Runs one command (an X-Ray subsegment on Lambda), turning outages into StoreUnavailableError. */
  private async run<T>(name: string, command: () => Promise<T>): Promise<T> {
    try {
      await this.ready();
      return await traceCall("redis", `redis ${name}`, command);
    } catch (error) {
      // A reply error is a bug in a command, not an outage.
      if (error instanceof Error && error.name === "ReplyError") throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreUnavailableError(`Redis is unavailable: ${reason}`, { cause: error });
    }
  }

  get(key: string): Promise<string | null> {
    return this.run("GET", () => this.client.get(key));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.run("SET", () => this.client.set(key, value, "PX", Math.max(1, Math.ceil(ttlMs))));
  }

  async del(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.run("DEL", () => this.client.del(...keys));
  }

  async setAdd(key: string, member: string, ttlMs: number): Promise<void> {
    await this.run("EVAL set-add", () => this.client.eval(SET_ADD, 1, key, member, Math.max(1, Math.ceil(ttlMs))));
  }

  async setRemove(key: string, member: string): Promise<void> {
    await this.run("SREM", () => this.client.srem(key, member));
  }

  setMembers(key: string): Promise<string[]> {
    return this.run("SMEMBERS", () => this.client.smembers(key));
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [count, resetMs] = (await this.run("EVAL hit", () => this.client.eval(HIT, 1, key, Math.max(1, Math.ceil(windowMs))))) as [number, number];
    return { count, resetMs };
  }

  async ping(): Promise<void> {
    await this.run("PING", () => this.client.ping());
  }

  /** Closes the connection (tests, scripts). */
  async close(): Promise<void> {
    this.client.disconnect();
  }
}

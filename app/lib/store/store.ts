// The key-value store behind sessions and rate limits: ElastiCache Redis in production, memory
// for `npm start` and tests, a loopback server under `npm run dev` (arc sandbox runs a process per
// request, so a Lambda's own memory forgets everything). One interface, three implementations.
// Sessions hold a guest's last results too, so the operations stay generic.

/** The store cannot be reached (Redis down, timed out, dev store not running). */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export type WindowCount = {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  resetMs: number;
};

export interface Store {
  readonly kind: "redis" | "memory" | "dev-server";
  get(key: string): Promise<string | null>;
  /** Sets a value that expires after ttlMs. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  del(keys: string[]): Promise<void>;
  /** Adds a member to a set and makes the set live at least ttlMs from now. */
  setAdd(key: string, member: string, ttlMs: number): Promise<void>;
  setRemove(key: string, member: string): Promise<void>;
  setMembers(key: string): Promise<string[]>;
  /** Counts a hit in a fixed window of windowMs that starts with the first hit. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
}

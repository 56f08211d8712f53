// The in-memory store: one process's Map with the same expiry rules as Redis (expired entries are
// invisible and dropped on access; a sweep bounds memory when many keys are never read again).
import type { Store, WindowCount } from "./store";

type Entry = { value: string | Set<string> | number; expiresAt: number };

export class MemoryStore implements Store {
  readonly kind = "memory";
  private readonly entries = new Map<string, Entry>();
  private writes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private put(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    if (++this.writes % 1000 === 0) this.sweep();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  async get(key: string): Promise<string | null> {
    const value = this.live(key)?.value;
    return typeof value === "string" ? value : null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.put(key, { value, expiresAt: this.now() + ttlMs });
  }

  async del(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async setAdd(key: string, member: string, ttlMs: number): Promise<void> {
    const entry = this.live(key);
    const expiresAt = Math.max(entry?.expiresAt ?? 0, this.now() + ttlMs);
    const members = entry?.value instanceof Set ? entry.value : new Set<string>();
    members.add(member);
    this.put(key, { value: members, expiresAt });
  }

  async setRemove(key: string, member: string): Promise<void> {
    const entry = this.live(key);
    if (!(entry?.value instanceof Set)) return;
    entry.value.delete(member);
    if (entry.value.size === 0) this.entries.delete(key);
  }

  async setMembers(key: string): Promise<string[]> {
    const value = this.live(key)?.value;
    return value instanceof Set ? [...value] : [];
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const entry = this.live(key);
    const now = this.now();
    if (!entry || typeof entry.value !== "number") {
      this.put(key, { value: 1, expiresAt: now + windowMs });
      return { count: 1, resetMs: windowMs };
    }
    entry.value += 1;
    return { count: entry.value, resetMs: entry.expiresAt - now };
  }

  async ping(): Promise<void> {}

  /** Keys currently held (tests). */
  get size(): number {
    this.sweep();
    return this.entries.size;
  }
}

// Refresh-token families in the store (Redis in production), decision 017.
//
// A family is one sign-in of an API client: `api-family:<id>` holds its user and the hash of the
// one refresh token that may be used next. Each use rotates it: the presented token is marked
// spent (`api-refresh-spent:<family>:<hash>`, an atomic counter, so of two concurrent uses only
// one wins) and a new token replaces it. Presenting a spent token again means two parties hold
// the chain (one of them a thief): the whole family is revoked, and with it its access tokens,
// which name the family in their `sid` claim. `user-api-families:<user>` lists a user's families
// so that a password change or "log out everywhere" can revoke them all. Every key has a TTL.
import type { Store } from "../store/store";
import { newFamilyId, newRefreshToken, parseRefreshToken } from "./refresh-token";

export const familyKey = (familyId: string) => `api-family:${familyId}`;
export const userFamiliesKey = (userId: string) => `user-api-families:${userId}`;
export const spentKey = (familyId: string, secretHash: string) => `api-refresh-spent:${familyId}:${secretHash}`;

export type FamilyRecord = {
  userId: string;
  /** Epoch ms. */
  createdAt: number;
  /** Hash of the refresh token that may be used next. */
  current: string;
  /** Epoch ms: the current refresh token's end. */
  currentExpiresAt: number;
  rotations: number;
};

export type IssuedRefresh = { familyId: string; refreshToken: string; expiresAt: number };

export type Rotation =
  | ({ ok: true; userId: string } & IssuedRefresh)
  | { ok: false; reason: "unknown" | "expired" | "reused"; familyId?: string; userId?: string };

async function readFamily(store: Store, familyId: string): Promise<FamilyRecord | null> {
  const text = await store.get(familyKey(familyId));
  if (!text) return null;
  try {
    return JSON.parse(text) as FamilyRecord;
  } catch {
    return null;
  }
}

async function writeFamily(store: Store, familyId: string, record: FamilyRecord, now: number): Promise<void> {
  const ttl = record.currentExpiresAt - now;
  await store.set(familyKey(familyId), JSON.stringify(record), ttl);
  // The list outlives every family in it.
  await store.setAdd(userFamiliesKey(record.userId), familyId, ttl);
}

/** Starts a family for a user who just proved who they are; returns its first refresh token. */
export async function startFamily(store: Store, userId: string, lifetimeMs: number, now = Date.now()): Promise<IssuedRefresh> {
  const familyId = newFamilyId();
  const { token, secretHash } = newRefreshToken(familyId);
  const expiresAt = now + lifetimeMs;
  await writeFamily(store, familyId, { userId, createdAt: now, current: secretHash, currentExpiresAt: expiresAt, rotations: 0 }, now);
  return { familyId, refreshToken: token, expiresAt };
}

/** The live family's record, or null once it is revoked or expired. */
export async function liveFamily(store: Store, familyId: string, now = Date.now()): Promise<FamilyRecord | null> {
  const record = await readFamily(store, familyId);
  return record && record.currentExpiresAt > now ? record : null;
}

/** Spends a refresh token and issues the next one of its family, or says why not. */
export async function rotate(store: Store, presented: string, lifetimeMs: number, now = Date.now()): Promise<Rotation> {
  const parsed = parseRefreshToken(presented);
  if (!parsed) return { ok: false, reason: "unknown" };
  const { familyId, secretHash } = parsed;
  const record = await readFamily(store, familyId);
  if (!record) return { ok: false, reason: "unknown", familyId };
  if (record.current !== secretHash) {
    // Not the current token: a spent one (reuse: revoke the family) or one we never issued.
    if ((await store.get(spentKey(familyId, secretHash))) === null) return { ok: false, reason: "unknown", familyId };
    await revokeFamily(store, familyId);
    return { ok: false, reason: "reused", familyId, userId: record.userId };
  }
  if (record.currentExpiresAt <= now) return { ok: false, reason: "expired", familyId, userId: record.userId };
  // The atomic step: only the first use counts 1. A second, concurrent use of the same token is a
  // reuse like any other.
  const claim = await store.hit(spentKey(familyId, secretHash), record.currentExpiresAt - now);
  if (claim.count > 1) {
    await revokeFamily(store, familyId);
    return { ok: false, reason: "reused", familyId, userId: record.userId };
  }
  const next = newRefreshToken(familyId);
  const expiresAt = now + lifetimeMs;
  await writeFamily(store, familyId, { ...record, current: next.secretHash, currentExpiresAt: expiresAt, rotations: record.rotations + 1 }, now);
  return { ok: true, userId: record.userId, familyId, refreshToken: next.token, expiresAt };
}

/** Revokes one family: its refresh token and every access token naming it stop working. */
export async function revokeFamily(store: Store, familyId: string): Promise<void> {
  const record = await readFamily(store, familyId);
  await store.del([familyKey(familyId)]);
  if (record) await store.setRemove(userFamiliesKey(record.userId), familyId);
}

/** Revokes every family of a user; returns how many there were. */
export async function revokeUserFamilies(store: Store, userId: string): Promise<number> {
  const ids = await store.setMembers(userFamiliesKey(userId));
  await store.del([...ids.map(familyKey), userFamiliesKey(userId)]);
  return ids.length;
}

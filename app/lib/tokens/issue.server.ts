// Issuing the token pair the API hands out (POST /v1/auth/token, /v1/auth/refresh): an access
// JWT bound to a refresh-token family, and that family's current refresh token.
import { getEnv } from "../env.server";
import { getStore } from "../store/get-store.server";
import { signAccessToken } from "./access-token.server";
import { revokeFamily, rotate, startFamily, type Rotation } from "./families.server";

export type TokenPair = {
  access_token: string;
  token_type: "Bearer";
  /** Seconds. */
  expires_in: number;
  refresh_token: string;
  /** Seconds. */
  refresh_expires_in: number;
};

async function pair(userId: string, familyId: string, refreshToken: string, refreshExpiresAt: number, now: Date): Promise<TokenPair> {
  const access = await signAccessToken(userId, familyId, now);
  return {
    access_token: access.token,
    token_type: "Bearer",
    expires_in: Math.round((access.expiresAt.getTime() - now.getTime()) / 1000),
    refresh_token: refreshToken,
    refresh_expires_in: Math.round((refreshExpiresAt - now.getTime()) / 1000),
  };
}

/** A new sign-in (a new family) for a user who proved who they are. */
export async function issueTokens(userId: string, now = new Date()): Promise<TokenPair> {
  const family = await startFamily(await getStore(), userId, getEnv().refreshExpiryMs, now.getTime());
  return pair(userId, family.familyId, family.refreshToken, family.expiresAt, now);
}

export type Refreshed = { ok: true; userId: string; familyId: string; tokens: TokenPair } | Extract<Rotation, { ok: false }>;

/** Spends a refresh token for a new pair. `userIsLive` is asked before anything is issued. */
export async function refreshTokens(presented: string, userIsLive: (userId: string) => Promise<boolean>, now = new Date()): Promise<Refreshed> {
  const store = await getStore();
  const rotation = await rotate(store, presented, getEnv().refreshExpiryMs, now.getTime());
  if (!rotation.ok) return rotation;
  if (!(await userIsLive(rotation.userId))) {
    await revokeFamily(store, rotation.familyId);
    return { ok: false, reason: "unknown", familyId: rotation.familyId };
  }
  return {
    ok: true,
    userId: rotation.userId,
    familyId: rotation.familyId,
    tokens: await pair(rotation.userId, rotation.familyId, rotation.refreshToken, rotation.expiresAt, now),
  };
}

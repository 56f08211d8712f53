// Sessions: the __session cookie holds only a session id, signed with SESSION_SECRET (several
// comma-separated secrets verify, the first signs, so the secret can rotate). The session itself
// lives in the store (Redis in production) under session:<id> with a TTL: JWT_ACCESS_EXPIRY, or
// JWT_REFRESH_EXPIRY with "remember me". user-sessions:<userId> lists a user's session ids, so
// "log out everywhere" can delete them all. Decision 006.
import { createHash, randomBytes } from "node:crypto";
import { createCookie, createSessionStorage, data, redirect, type Session, type SessionStorage } from "@remix-run/node";
import { checkSessionSecrets, getEnv } from "../env.server";
import { optionalSecret } from "../secrets/secrets.server";
import { markActive } from "../observability/active-users.server";
import { getStore } from "../store/get-store.server";
import { StoreUnavailableError, type Store } from "../store/store";
import type { GuestResult } from "./guest-results";
import { sessionCookieAttributes, sessionCookieName } from "./session-cookie";
import { logger } from "../observability/logger.server";
import { warnDeprecatedEnvOnce } from "../observability/deprecated-env.server";

/**
 * What a session holds. Open for more: a guest's last results live here too (guest-session.server.ts).
 * A signed-in session has userId and email (the nav shows it without a database query; deleting
 * the account deletes its sessions, so a live session means a live account).
 */
export type SessionData = {
  userId?: string;
  email?: string;
  /** Epoch ms. */
  createdAt?: number;
  /** Epoch ms: the session ends then, whatever happens (no sliding renewal). */
  expiresAt?: number;
  remember?: boolean;
  /** The browser's User-Agent at login (truncated), for the account page's list of sessions. */
  userAgent?: string;
  /** Epoch ms of the last signed-in page, updated at most every LAST_SEEN_STEP_MS. */
  lastSeenAt?: number;
  /**
   * A guest's latest results (app/lib/sessions/guest-session.server.ts); carried into the session
   * that signs them in, where the app offers to keep them in their history.
   */
  guestResults?: GuestResult[];
};

export type SessionUser = { id: string; email: string };

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
export const sessionKey = (id: string) => `session:${id}`;
export const userSessionsKey = (userId: string) => `user-sessions:${userId}`;

export const SESSIONS_UNAVAILABLE_MESSAGE =
  "Sessions are temporarily unavailable, so signing in and account pages cannot work right now. The calculator still works. Please try again in a minute.";

/** The 503 a signed-in page answers when the store is down. */
export function sessionsUnavailable(): ReturnType<typeof data<{ message: string }>> {
  return data({ message: SESSIONS_UNAVAILABLE_MESSAGE }, { status: 503, headers: { "Retry-After": "30", "Cache-Control": "no-store" } });
}

/** Runs `work`; a store outage becomes the 503 above (thrown, so any loader/action can use it). */
export async function orUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      logger.warn("session store unavailable", { error: error.message });
      throw sessionsUnavailable();
    }
    throw error;
  }
}

let warnedDevSecret = false;

/** The secrets that sign the session cookie (and the known-device cookie). */
export async function sessionCookieSecrets(): Promise<string[]> {
  const env = getEnv();
  if (env.usingDevSecret && !warnedDevSecret) {
    warnedDevSecret = true;
    logger.warn("SESSION_SECRET is not set: session cookies are signed with the fixed development secret");
  }
  warnDeprecatedEnvOnce(env);
  if (env.sessionSecrets) return env.sessionSecrets;
  const name = env.sessionSecretName;
  const value = await optionalSecret(name);
  const checked = checkSessionSecrets(value ?? "", `${name} (from ${name}_ARN)`);
  if ("problem" in checked) throw new Error(`Invalid environment: ${checked.problem}`);
  return checked.secrets;
}

function ttlMs(session: SessionData, expires: Date | undefined): number {
  const until = session.expiresAt ?? expires?.getTime() ?? Date.now() + getEnv().accessExpiryMs;
  return until - Date.now();
}

async function write(store: Store, id: string, session: SessionData, expires: Date | undefined): Promise<void> {
  const ttl = ttlMs(session, expires);
  if (ttl <= 0) return store.del([sessionKey(id)]);
  await store.set(sessionKey(id), JSON.stringify(session), ttl);
  // The list outlives every session in it (none lives longer than JWT_REFRESH_EXPIRY).
  if (session.userId) await store.setAdd(userSessionsKey(session.userId), id, getEnv().refreshExpiryMs);
}

async function read(store: Store, id: string): Promise<SessionData | null> {
  if (!SESSION_ID.test(id)) return null;
  const text = await store.get(sessionKey(id));
  if (!text) return null;
  try {
    return JSON.parse(text) as SessionData;
  } catch {
    return null;
  }
}

async function remove(store: Store, id: string): Promise<void> {
  const session = await read(store, id);
  await store.del([sessionKey(id)]);
  if (session?.userId) await store.setRemove(userSessionsKey(session.userId), id);
}

let storage: Promise<SessionStorage<SessionData>> | undefined;

async function createStorage(): Promise<SessionStorage<SessionData>> {
  const env = getEnv();
  const cookie = createCookie(sessionCookieName(env), {
    secrets: await sessionCookieSecrets(),
    ...sessionCookieAttributes(env.NODE_ENV !== "development"),
  });
  return createSessionStorage<SessionData>({
    cookie,
    async createData(session, expires) {
      const id = randomBytes(32).toString("base64url"); // 256 bits
      await write(await getStore(), id, session, expires);
      return id;
    },
    async readData(id) {
      return read(await getStore(), id);
    },
    async updateData(id, session, expires) {
      await write(await getStore(), id, session, expires);
    },
    async deleteData(id) {
      if (id) await remove(await getStore(), id);
    },
  });
}

export function getSessionStorage(): Promise<SessionStorage<SessionData>> {
  storage ??= createStorage().catch((error: unknown) => {
    storage = undefined;
    throw error;
  });
  return storage;
}

export async function getSession(request: Request): Promise<Session<SessionData>> {
  return (await getSessionStorage()).getSession(request.headers.get("cookie"));
}

/** How stale "last seen" may get: one store write per session per step, not one per page. */
export const LAST_SEEN_STEP_MS = 5 * 60_000;

/** The signed-in user of this request, or null. Throws StoreUnavailableError. */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  return signedInUser(session);
}

function signedInUser(session: Session<SessionData>): SessionUser | null {
  const userId = session.get("userId");
  const email = session.get("email");
  const expiresAt = session.get("expiresAt");
  if (!userId || !email || (expiresAt !== undefined && expiresAt <= Date.now())) return null;
  return { id: userId, email };
}

/** The signed-in user, or a redirect to the login page that comes back here. 503 if the store is down. */
export async function requireSessionUser(request: Request): Promise<SessionUser> {
  const user = await orUnavailable(() => getSessionUser(request));
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname.endsWith(".data") ? url.pathname.slice(0, -".data".length) || "/" : url.pathname;
  throw redirect(`/login?${new URLSearchParams({ redirectTo: `${back}${url.search}` })}`);
}

/**
 * Starts a fresh session for `user` (never reusing the request's session id: no fixation) and
 * returns the Set-Cookie header. Any session the request carried is ended.
 */
export async function startUserSession(request: Request, user: SessionUser, remember: boolean): Promise<string> {
  const env = getEnv();
  const sessions = await getSessionStorage();
  const previous = await sessions.getSession(request.headers.get("cookie"));
  const guestResults = previous.get("guestResults");
  if (previous.id) await sessions.destroySession(previous);
  const session = await sessions.getSession();
  if (guestResults?.length) session.set("guestResults", guestResults);
  const now = Date.now();
  const expiresAt = now + (remember ? env.refreshExpiryMs : env.accessExpiryMs);
  session.set("userId", user.id);
  session.set("email", user.email);
  session.set("createdAt", now);
  session.set("expiresAt", expiresAt);
  session.set("remember", remember);
  session.set("userAgent", (request.headers.get("user-agent") ?? "").slice(0, 512));
  session.set("lastSeenAt", now);
  // "Remember me" makes the cookie outlive the browser; otherwise it is a browser-session cookie
  // (the server-side session still ends after JWT_ACCESS_EXPIRY).
  return sessions.commitSession(session, remember ? { expires: new Date(expiresAt) } : undefined);
}

/** Ends this request's session; returns the Set-Cookie header that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const sessions = await getSessionStorage();
  return sessions.destroySession(await sessions.getSession(request.headers.get("cookie")));
}

/** Ends every session of `userId` except `keepId`; returns how many ended. */
export async function endUserSessions(userId: string, keepId?: string): Promise<number> {
  const store = await getStore();
  const ids = (await store.setMembers(userSessionsKey(userId))).filter((id) => id !== keepId);
  await store.del(ids.map(sessionKey));
  if (keepId === undefined) await store.del([userSessionsKey(userId)]);
  else for (const id of ids) await store.setRemove(userSessionsKey(userId), id);
  return ids.length;
}

export type NavState = { user: { email: string } | null; sessionsUnavailable: boolean };

/** What the nav shows. A store outage must not break the page (the calculator keeps working). */
export async function navState(request: Request): Promise<NavState> {
  try {
    const session = await getSession(request);
    const user = signedInUser(session);
    // Every signed-in page passes here once: the place to count daily active users and to note
    // when the session was last seen.
    if (user) {
      await markActive(await getStore(), user.id);
      await touch(session);
    }
    return { user: user && { email: user.email }, sessionsUnavailable: false };
  } catch (error) {
    if (error instanceof StoreUnavailableError) return { user: null, sessionsUnavailable: true };
    throw error;
  }
}

async function touch(session: Session<SessionData>): Promise<void> {
  const now = Date.now();
  if (now - (session.get("lastSeenAt") ?? 0) < LAST_SEEN_STEP_MS) return;
  session.set("lastSeenAt", now);
  await write(await getStore(), session.id, session.data as SessionData, undefined);
}

/** A session as the account page lists it; `handle` names it without revealing its id. */
export type SessionSummary = { handle: string; createdAt: number; lastSeenAt: number; userAgent: string; current: boolean };

export const sessionHandle = (id: string) => createHash("sha256").update(`session-handle:${id}`).digest("base64url").slice(0, 22);

/** The live sessions of `userId`, newest first; `currentId` is marked as this browser. */
export async function listUserSessions(userId: string, currentId: string): Promise<SessionSummary[]> {
  const store = await getStore();
  const summaries: SessionSummary[] = [];
  for (const id of await store.setMembers(userSessionsKey(userId))) {
    const data = await read(store, id);
    if (!data || data.userId !== userId || (data.expiresAt !== undefined && data.expiresAt <= Date.now())) continue;
    summaries.push({
      handle: sessionHandle(id),
      createdAt: data.createdAt ?? 0,
      lastSeenAt: data.lastSeenAt ?? data.createdAt ?? 0,
      userAgent: data.userAgent ?? "",
      current: id === currentId,
    });
  }
  return summaries.sort((a, b) => b.createdAt - a.createdAt);
}

/** Ends the session of `userId` named by `handle`; returns whether it was this browser's, or null if none matched. */
export async function endUserSessionByHandle(userId: string, handle: string, currentId: string): Promise<{ current: boolean } | null> {
  const store = await getStore();
  const id = (await store.setMembers(userSessionsKey(userId))).find((member) => sessionHandle(member) === handle);
  if (!id) return null;
  await remove(store, id);
  return { current: id === currentId };
}

// Shared by the history integration tests: per test file, a fresh migrated PostgreSQL database,
// the machine's Redis under a key prefix of its own, a temporary local archive folder, and users
// with real sessions (the accounts code's own startUserSession), so routes are called exactly as
// the history Lambda calls them.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { startUserSession } from "../../../app/lib/sessions/session.server";
import { disconnectPrisma, getPrisma } from "../../../app/lib/db/client.server";
import { applyMigrations } from "../../../app/lib/db/migrate.server";
import { getStore } from "../../../app/lib/store/get-store.server";
import { deleteKeysWithPrefix } from "../../support/redis-keys";
import { createTestDatabase, type TestDatabase } from "../db/helpers";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const ORIGIN = "http://calcapp.test";

export type HistoryTestEnv = { db: TestDatabase; keyPrefix: string; archiveDir: string; close(): Promise<void> };

/** Call in beforeAll, before anything reads the environment. */
export async function setUpHistoryTestEnv(): Promise<HistoryTestEnv> {
  const db = await createTestDatabase();
  await applyMigrations({ databaseUrl: db.url });
  const keyPrefix = `calcapp:test:history:${randomBytes(6).toString("hex")}:`;
  const archiveDir = await mkdtemp(path.join(os.tmpdir(), "calcapp-archive-"));
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: keyPrefix,
    SESSION_SECRET: randomBytes(48).toString("base64"),
    HISTORY_ARCHIVE_DIR: archiveDir,
  });
  delete process.env.HISTORY_ARCHIVE_BUCKET;
  return {
    db,
    keyPrefix,
    archiveDir,
    async close() {
      await disconnectPrisma();
      const store = (await getStore()) as { close?: () => Promise<void> };
      await store.close?.();
      await Promise.allSettled([db.drop(), deleteKeysWithPrefix(REDIS_URL, keyPrefix), rm(archiveDir, { recursive: true, force: true })]);
    },
  };
}

export type TestUser = { id: string; email: string; cookie: string };

/** The Cookie header value for a Set-Cookie header. */
export function cookieFrom(setCookie: string | null | undefined): string {
  const pair = setCookie?.split(";")[0];
  if (!pair) throw new Error("no Set-Cookie");
  return pair;
}

let userCount = 0;

/** A user in the database with a signed-in session. */
export async function createSignedInUser(email = `user${++userCount}-${randomBytes(3).toString("hex")}@example.com`): Promise<TestUser> {
  const prisma = await getPrisma();
  const user = await prisma.user.create({ data: { email, passwordHash: "!test" }, select: { id: true, email: true } });
  const setCookie = await startUserSession(new Request(`${ORIGIN}/login`), user, false);
  return { ...user, cookie: cookieFrom(setCookie) };
}

/** Makes the user premium the way billing will: an active subscription row. */
export async function makePremium(userId: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.subscription.create({
    data: {
      userId,
      status: "active",
      priceId: "price_test",
      currentPeriodEnd: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
    },
  });
}

export function formPost(pathname: string, fields: Record<string, string>, cookie?: string): Request {
  return new Request(`${ORIGIN}${pathname}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: ORIGIN,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });
}

export function get(pathnameAndSearch: string, cookie?: string): Request {
  return new Request(`${ORIGIN}${pathnameAndSearch}`, { headers: cookie ? { Cookie: cookie } : {} });
}

/** What a route's loader/action receives as context (the Lambda wrapper's facts). */
export const context = { requestId: "test", sourceIp: "127.0.0.1", viewerAddress: null } as unknown as AppLoadContext;

/** Runs a loader/action; a thrown Response (redirect, 404) is returned instead. */
export async function settle<T>(work: Promise<T>): Promise<T | Response> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** Inserts rows for a user directly (fixtures), oldest first, one second apart from `start`. */
export async function insertRows(
  userId: string,
  count: number,
  start = new Date(Date.now() - count * 1000),
  make: (i: number) => { expression: string; result: string } = (i) => ({ expression: `${i} + 0`, result: String(i) }),
): Promise<void> {
  const prisma = await getPrisma();
  await prisma.calculationHistory.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      userId,
      ...make(i),
      metadata: { input: "keypad" },
      createdAt: new Date(start.getTime() + i * 1000),
    })),
  });
}

export async function countRows(userId: string): Promise<number> {
  const prisma = await getPrisma();
  return prisma.calculationHistory.count({ where: { userId } });
}

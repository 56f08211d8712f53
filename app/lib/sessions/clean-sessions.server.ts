// Scheduled job: remove expired session leftovers. A session (session:<id>) expires by itself in
// the store, but the id stays in its user's list (user-sessions:<userId>, which "log out
// everywhere" reads) for as long as that user keeps signing in, since every new session stretches
// the list's lifetime. This removes the ids whose session is gone.
//
// It walks the users table in id order, a page at a time, and remembers where it stopped in the
// store, so a run cut short by its time budget (or a crash) continues there next time; re-running
// a page only checks again. With the in-memory store (a single process) there is nothing shared
// to clean, and it says so.
import { sessionKey, userSessionsKey } from "./session.server";
import { getPrisma } from "../db/client.server";
import { getStore } from "../store/get-store.server";
import type { Store } from "../store/store";

export const CURSOR_KEY = "jobs:clean-sessions:cursor";
const CURSOR_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const PAGE = 200;
const PARALLEL = 10;

export type CleanSessionsOptions = {
  deadline?: number;
  store?: Store;
  /** Test seam: runs after each page is cleaned, before the cursor moves (simulated crashes). */
  afterPage?: (lastUserId: string) => Promise<void> | void;
};

export type CleanSessionsResult = { usersChecked: number; idsRemoved: number; finished: boolean; skipped?: string };

async function cleanUser(store: Store, userId: string): Promise<number> {
  const key = userSessionsKey(userId);
  const ids = await store.setMembers(key);
  let removed = 0;
  for (const id of ids) {
    if ((await store.get(sessionKey(id))) === null) {
      await store.setRemove(key, id);
      removed++;
    }
  }
  return removed;
}

export async function cleanSessions(options: CleanSessionsOptions = {}): Promise<CleanSessionsResult> {
  const store = options.store ?? (await getStore());
  const result: CleanSessionsResult = { usersChecked: 0, idsRemoved: 0, finished: false };
  if (store.kind === "memory") return { ...result, finished: true, skipped: "in-memory store: nothing shared to clean" };
  const prisma = await getPrisma();
  let after = (await store.get(CURSOR_KEY)) ?? "";
  const timeLeft = () => options.deadline === undefined || Date.now() < options.deadline;

  while (timeLeft()) {
    const users = await prisma.user.findMany({ where: { id: { gt: after } }, select: { id: true }, orderBy: { id: "asc" }, take: PAGE });
    if (users.length === 0) {
      await store.del([CURSOR_KEY]); // a full pass is done; the next run starts over
      result.finished = true;
      break;
    }
    for (let i = 0; i < users.length; i += PARALLEL) {
      const removed = await Promise.all(users.slice(i, i + PARALLEL).map((user) => cleanUser(store, user.id)));
      result.idsRemoved += removed.reduce((a, b) => a + b, 0);
    }
    result.usersChecked += users.length;
    after = users.at(-1)?.id ?? after;
    await options.afterPage?.(after);
    await store.set(CURSOR_KEY, after, CURSOR_TTL_MS);
  }
  return result;
}

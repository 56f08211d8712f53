// A user's archived history as a whole: read for an export, deleted by "clear all" and the purge.
import { decodeArchive } from "./archive-codec.server";
import { parseArchiveKey, userArchivePrefix } from "./archive-key";
import { getArchiveStore } from "./get-archive-store.server";
import type { HistoryEntry } from "../types";

/** The user's archived rows, newest first, one month object at a time. */
export async function* archivedEntries(userId: string): AsyncGenerator<HistoryEntry> {
  const store = await getArchiveStore();
  const keys = (await store.list(userArchivePrefix(userId))).filter((key) => parseArchiveKey(key)?.userId === userId);
  for (const key of keys.reverse()) {
    const object = await store.read(key);
    if (!object) continue; // deleted meanwhile (clear all, purge)
    yield* (await decodeArchive(object.body)).reverse();
  }
}

/** Deletes every archive object of the user; returns how many. Safe to repeat. */
export async function deleteUserArchive(userId: string): Promise<number> {
  const store = await getArchiveStore();
  const keys = await store.list(userArchivePrefix(userId));
  for (const key of keys) await store.delete(key);
  return keys.length;
}

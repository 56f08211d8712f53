// Scheduled job: delete for good the accounts soft-deleted more than PURGE_AFTER_DAYS ago, with
// everything they left: archived history, sessions, and (by ON DELETE CASCADE) their
// history rows and subscription mirror.
//
// Order makes it safe to re-run after a crash: the users row goes LAST, so until everything else
// is gone the account is still found by the next run, and each step is idempotent (deleting what
// is already deleted does nothing).
import { endUserSessions } from "../sessions/session.server";
import { getPrisma } from "../db/client.server";
import { deleteUserArchive } from "../history/archive/user-archive.server";

/** Soft-deleted accounts are deleted for good after this many days. */
export const PURGE_AFTER_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type PurgeJobOptions = {
  now?: Date;
  deadline?: number;
  /** Test seam: runs after a user's archive and sessions are gone, before the row is deleted. */
  beforeDeleteUser?: (userId: string) => Promise<void> | void;
};

export type PurgeJobResult = { cutoff: string; usersPurged: number; archiveObjectsDeleted: number; sessionsEnded: number; finished: boolean };

export async function purgeDeletedUsers(options: PurgeJobOptions = {}): Promise<PurgeJobResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - PURGE_AFTER_DAYS * DAY_MS);
  const prisma = await getPrisma();
  const result: PurgeJobResult = { cutoff: cutoff.toISOString(), usersPurged: 0, archiveObjectsDeleted: 0, sessionsEnded: 0, finished: false };
  const timeLeft = () => options.deadline === undefined || Date.now() < options.deadline;

  while (timeLeft()) {
    const users = await prisma.user.findMany({
      where: { deletedAt: { lt: cutoff } },
      select: { id: true },
      orderBy: { deletedAt: "asc" },
      take: 100,
    });
    if (users.length === 0) {
      result.finished = true;
      break;
    }
    for (const { id } of users) {
      if (!timeLeft()) break;
      result.archiveObjectsDeleted += await deleteUserArchive(id);
      result.sessionsEnded += await endUserSessions(id);
      await options.beforeDeleteUser?.(id);
      // Re-checked here: an account restored meanwhile (deleted_at cleared) is left alone.
      const { count } = await prisma.user.deleteMany({ where: { id, deletedAt: { lt: cutoff } } });
      result.usersPurged += count;
    }
  }
  return result;
}

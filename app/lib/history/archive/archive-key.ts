// Where archived history lives: one object per user and calendar month (UTC),
// archive/<userId>/<yyyy>/<mm>.jsonl.gz. Per user, so an export or a purge touches only that
// user's prefix; per month, so an object stays small and a re-run rewrites only one month.

const USER_ID = /^[A-Za-z0-9-]{1,64}$/;
const KEY = /^archive\/([A-Za-z0-9-]{1,64})\/(\d{4})\/(\d{2})\.jsonl\.gz$/;

export function userArchivePrefix(userId: string): string {
  // The user id comes from our database, but a prefix like "archive/" + "" would cover everyone.
  if (!USER_ID.test(userId)) throw new Error(`Not a user id: ${JSON.stringify(userId)}`);
  return `archive/${userId}/`;
}

/** The first instant of the UTC month holding `date`. */
export function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** The first instant of the next UTC month. */
export function nextMonthStart(month: Date): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
}

export function archiveKey(userId: string, month: Date): string {
  const yyyy = String(month.getUTCFullYear()).padStart(4, "0");
  const mm = String(month.getUTCMonth() + 1).padStart(2, "0");
  return `${userArchivePrefix(userId)}${yyyy}/${mm}.jsonl.gz`;
}

/** The user and month of an archive key, or null for any other key. */
export function parseArchiveKey(key: string): { userId: string; month: Date } | null {
  const match = KEY.exec(key);
  if (!match) return null;
  const [, userId, yyyy, mm] = match;
  const month = Number(mm);
  if (!userId || month < 1 || month > 12) return null;
  return { userId, month: new Date(Date.UTC(Number(yyyy), month - 1, 1)) };
}

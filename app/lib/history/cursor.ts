// Keyset pagination: a cursor is the (created_at, id) of the last row shown, so the next page is
// "rows after it" in the order (created_at DESC, id ASC), the order of the table's index. Unlike
// an offset it neither skips nor repeats rows when new ones arrive or old ones are deleted.
// It is opaque (base64url) for the URL, and decoded defensively: it comes back from the client.

export type Cursor = { createdAt: Date; id: string };

/**
 * Years 1 to 9998: PostgreSQL has no year 0 (ISO "0000" is 1 BC, error 22008 as a bound), and the
 * day after 9999-12-31, an exclusive end date, is not a four-digit year.
 */
export function isStorableInstant(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9998;
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor, or null for anything that is not one we made. */
export function decodeCursor(text: string | null | undefined): Cursor | null {
  if (!text || text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const [iso, id, extra] = Buffer.from(text, "base64url").toString("utf8").split("|");
  if (extra !== undefined || !iso || !id || !ID.test(id)) return null;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(iso)) return null;
  const createdAt = new Date(iso);
  return isStorableInstant(createdAt) ? { createdAt, id } : null;
}

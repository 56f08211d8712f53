// Where archive objects are kept: S3 (HISTORY_ARCHIVE_BUCKET) or, without a bucket, a local folder
// (development and tests). Writes are conditional: `expected` is the ETag the writer read (or null
// for "must not exist yet"), and a write over someone else's newer version fails with
// ArchiveConflictError instead of silently dropping their rows (two job runs overlapping, or a
// job and a user's "clear all"). The store in use comes from get-archive-store.server.ts.

export type ArchiveObject = { body: Uint8Array; etag: string };

export interface ArchiveStore {
  readonly kind: "s3" | "local";
  read(key: string): Promise<ArchiveObject | null>;
  /** Writes `body` if the object is still at `expected`; returns the new ETag. */
  write(key: string, body: Uint8Array, expected: string | null): Promise<string>;
  /** Keys under `prefix`, in key order. */
  list(prefix: string): Promise<string[]>;
  /** Deletes the object; deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
}

export class ArchiveConflictError extends Error {
  override name = "ArchiveConflictError";
  constructor(readonly key: string) {
    super(`Archive object ${key} changed while it was being written`);
  }
}

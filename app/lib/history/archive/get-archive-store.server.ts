// Which archive store this process uses: S3 when HISTORY_ARCHIVE_BUCKET is set, else the local
// folder. Each implementation is imported only when chosen, so the S3 client loads only where a
// bucket is used (the same split as app/lib/store: interface in one file, factory in another).
import { historyConfig } from "../../env.server";
import type { ArchiveStore } from "./archive-store";

let cached: { config: string; store: Promise<ArchiveStore> } | undefined;

/** The configured store, created on first use (the S3 client is loaded only when needed). */
export function getArchiveStore(): Promise<ArchiveStore> {
  const config = historyConfig();
  const identity = `${config.archiveBucket ?? ""}|${config.archiveDir}`;
  if (cached?.config !== identity) {
    const store = config.archiveBucket
      ? import("./s3-archive-store.server").then(({ S3ArchiveStore }) => new S3ArchiveStore(config.archiveBucket as string))
      : import("./local-archive-store.server").then(({ LocalArchiveStore }) => new LocalArchiveStore(config.archiveDir));
    cached = { config: identity, store };
  }
  return cached.store;
}

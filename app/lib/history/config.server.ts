// The history's own settings, validated on first use (the accounts work owns env.server.ts; these
// are read only by the history Lambda and the scheduled jobs, so a wrong value fails them, with a
// message naming the variable, and never the calculator).
import path from "node:path";
import * as z from "zod/mini";

export const DEFAULT_ARCHIVE_AFTER_DAYS = 365;

const schema = z.object({
  /** S3 bucket for archived history; without it, archives go to a local folder. */
  HISTORY_ARCHIVE_BUCKET: z.optional(
    z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name")),
  ),
  /** Rows older than this many days move from the database to the archive. */
  HISTORY_ARCHIVE_AFTER_DAYS: z._default(
    z.string().check(z.regex(/^[1-9]\d{0,4}$/, "must be a whole number of days (1-99999)")),
    String(DEFAULT_ARCHIVE_AFTER_DAYS),
  ),
  /** The local archive folder when there is no bucket (development, tests). */
  HISTORY_ARCHIVE_DIR: z.optional(z.string().check(z.minLength(1))),
});

export type HistoryConfig = {
  archiveBucket: string | null;
  archiveAfterDays: number;
  archiveDir: string;
};

export function parseHistoryConfig(source: Record<string, string | undefined>): HistoryConfig {
  const defined = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(defined);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join("; ")}`);
  }
  return {
    archiveBucket: result.data.HISTORY_ARCHIVE_BUCKET ?? null,
    archiveAfterDays: Number(result.data.HISTORY_ARCHIVE_AFTER_DAYS),
    archiveDir: path.resolve(result.data.HISTORY_ARCHIVE_DIR ?? path.join(".data", "archive")),
  };
}

/** Read from process.env on every call: cheap, and tests can change it between cases. */
export function historyConfig(): HistoryConfig {
  return parseHistoryConfig(process.env);
}

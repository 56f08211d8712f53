// Scheduled (app.arc, daily): history rows older than HISTORY_ARCHIVE_AFTER_DAYS move to the
// archive (S3 bucket HISTORY_ARCHIVE_BUCKET). Logic: app/lib/history/jobs/archive-history.server.ts.
import type { Context } from "aws-lambda";
import { archiveHistory } from "../../../app/lib/history/jobs/archive-history.server";
import { runScheduledJob } from "../../../app/lib/jobs/run-job.server";

export const handler = (_event: unknown, context?: Context) =>
  runScheduledJob("archive-history", context, (deadline) => archiveHistory({ deadline }));

// Scheduled (app.arc, daily): accounts soft-deleted over 30 days ago are deleted for good, with
// their history, archived history and sessions. Logic: app/lib/auth/purge-deleted-users.server.ts.
import type { Context } from "aws-lambda";
import { purgeDeletedUsers } from "../../../app/lib/auth/purge-deleted-users.server";
import { runScheduledJob } from "../../../app/lib/jobs/run-job.server";

export const handler = (_event: unknown, context?: Context) =>
  runScheduledJob("purge-deleted-users", context, (deadline) => purgeDeletedUsers({ deadline }));

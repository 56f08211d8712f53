// Scheduled (app.arc, hourly): session ids whose session expired are removed from their user's
// session list. Logic: app/lib/sessions/clean-sessions.server.ts.
import type { Context } from "aws-lambda";
import { cleanSessions } from "../../../app/lib/sessions/clean-sessions.server";
import { runScheduledJob } from "../../../app/lib/jobs/run-job.server";

export const handler = (_event: unknown, context?: Context) =>
  runScheduledJob("clean-sessions", context, (deadline) => cleanSessions({ deadline }));

// Scheduled (app.arc, hourly): re-sync from Stripe the subscriptions that changed since the last
// run. Logic: app/lib/billing/sync-subscriptions.server.ts.
import type { Context } from "aws-lambda";
import { syncSubscriptions } from "../../../app/lib/billing/sync-subscriptions.server";
import { runScheduledJob } from "../../../app/lib/jobs/run-job.server";

export const handler = (_event: unknown, context?: Context) =>
  runScheduledJob("sync-subscriptions", context, (deadline) => syncSubscriptions({ deadline }));

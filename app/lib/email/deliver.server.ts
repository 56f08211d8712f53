// Sending account mail from a request: the answer must not depend on whether SES accepted the
// message (it would reveal which emails have accounts), so a failure is logged, not thrown.
import { getEnv } from "../env.server";
import { logger } from "../observability/logger.server";
import type { EmailMessage } from "./message";
import { lazy } from "../lazy";

const sendModule = lazy(() => import("./send.server"));

/** The site's origin for links in mail: APP_ORIGIN's first entry, else the request's own. */
export function linkOrigin(request: Request): string {
  return getEnv().appOrigins?.[0] ?? new URL(request.url).origin;
}

/** Sends `message`; true when SES took it. Never throws. */
export async function deliver(message: EmailMessage, kind: string): Promise<boolean> {
  try {
    const { sendEmail } = await sendModule();
    await sendEmail(message);
    return true;
  } catch (error) {
    logger.error("account mail not sent", { kind, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

// Sentry in the browser (@sentry/remix), loaded only when the page carries a DSN, after hydration
// and in its own chunk: a page without a DSN never downloads it.
import * as Sentry from "@sentry/remix";
import type { RequestInfo } from "../request-info";

let started = false;

export function initBrowserSentry(info: RequestInfo): void {
  if (started || !info.sentryDsn) return;
  started = true;
  Sentry.init({
    dsn: info.sentryDsn,
    release: info.release,
    environment: info.environment,
    sendDefaultPii: false,
    tracesSampleRate: 0,
    beforeSend(event) {
      if (event.request) {
        delete event.request.cookies;
        delete event.request.headers;
      }
      return event;
    },
  });
}

export function captureBrowserError(error: unknown, info: RequestInfo): void {
  initBrowserSentry(info);
  Sentry.captureException(error, { tags: info.requestId ? { requestId: info.requestId } : undefined });
}

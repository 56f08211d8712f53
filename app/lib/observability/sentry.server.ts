// Sentry on the server (@sentry/remix), only when SENTRY_DSN is set: without it nothing is
// loaded at all, so a Lambda without a DSN pays nothing on its cold start. Events carry the
// build's version as release, never cookies, passwords or tokens, and health checks never
// produce any. The Lambda wrapper flushes before the invocation returns (Lambda freezes the
// process right after, so unsent events would be lost).
import type { ErrorEvent, Event } from "@sentry/core";
import type * as SentryRemix from "@sentry/remix";
import { runtimeEnv } from "../env.server";
import { APP_VERSION } from "../runtime.server";
import { logger } from "./logger.server";
import { redact } from "./redact";

type SentryModule = typeof SentryRemix;

const healthPaths = new Set(["/health", "/v1/health"]);

let loading: Promise<SentryModule | null> | undefined;

export function isHealthCheck(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return healthPaths.has(new URL(url, "http://x").pathname);
  } catch {
    return false;
  }
}

/** What is sent: no cookies or credentials, form data and headers redacted, health checks dropped. */
export function scrubEvent<T extends Event>(event: T): T | null {
  if (isHealthCheck(event.request?.url)) return null;
  if (event.request) {
    delete event.request.cookies;
    const headers = { ...(event.request.headers ?? {}) };
    for (const name of Object.keys(headers)) {
      if (/^(cookie|authorization|x-origin-verify|stripe-signature)$/i.test(name)) delete headers[name];
    }
    event.request.headers = headers;
  }
  if (event.user) event.user = { id: event.user.id };
  return redact(event) as T;
}

function startSentry(Sentry: SentryModule, dsn: string): SentryModule {
  Sentry.init({
    dsn,
    release: APP_VERSION,
    environment: runtimeEnv().APP_ENV ?? runtimeEnv().NODE_ENV ?? "production",
    sendDefaultPii: false,
    // Errors only: tracing is X-Ray's job, and OpenTelemetry's set-up would cost every cold start.
    tracesSampleRate: 0,
    skipOpenTelemetrySetup: true,
    // Source lines around stack frames: minified in the bundle anyway, and they could echo literals.
    integrations: (defaults) => defaults.filter((integration) => integration.name !== "ContextLines"),
    beforeSend: (event: ErrorEvent) => scrubEvent(event),
    beforeSendTransaction: (event) => scrubEvent(event),
  });
  return Sentry;
}

export function getSentry(): Promise<SentryModule | null> {
  const dsn = runtimeEnv().SENTRY_DSN;
  if (!dsn) return Promise.resolve(null);
  loading ??= import("@sentry/remix")
    .then((mod) => {
      // Bundled as CommonJS, the SDK's exports can arrive under `default`.
      const fallback = (mod as { default?: SentryModule }).default;
      return startSentry(typeof mod.init === "function" || !fallback ? mod : fallback, dsn);
    })
    .catch((error: unknown) => {
      // Error reporting must never take the app down with it.
      logger.error("Sentry failed to start", { error: String(error) });
      return null;
    });
  return loading;
}

export async function captureServerError(error: unknown, request: Request, origin = "remix.server"): Promise<void> {
  const Sentry = await getSentry();
  if (!Sentry) return;
  try {
    await Sentry.captureRemixServerException(error, origin, request);
  } catch (failure) {
    logger.error("Sentry capture failed", { error: String(failure) });
  }
}

/** Sends what is queued; a no-op when Sentry was never loaded. */
export async function flushSentry(timeoutMs = 2_000): Promise<void> {
  if (!loading) return;
  const Sentry = await loading;
  await Sentry?.flush(timeoutMs).catch(() => false);
}

// Sentry on the server, only when SENTRY_DSN is set: without it nothing is loaded at all, so a
// Lambda without a DSN pays nothing on its cold start. Events carry the build's version as
// release, never cookies, passwords or tokens, and health checks never produce any. The Lambda
// wrapper flushes before the invocation returns (Lambda freezes the process right after, so
// unsent events would be lost).
//
// The SDK is @sentry/node-core, the Node SDK without OpenTelemetry's instrumentation: we report
// errors only (tracing is X-Ray's), and @sentry/remix's server entry would add ~0.5 MB gzip of
// OpenTelemetry, replay and browser code to every Lambda zip (decision 010). The browser keeps
// @sentry/remix. What captureRemixServerException did for us is done here: 4xx responses and
// aborted requests are not errors, the request's details come along, the mechanism names the origin.
import { isRouteErrorResponse } from "@remix-run/react";
import type { ErrorEvent, Event } from "@sentry/core";
import type * as SentryNode from "@sentry/node-core";
import { runtimeEnv } from "../env.server";
import { APP_VERSION } from "../runtime.server";
import { logger } from "./logger.server";
import { redact } from "./redact";

type SentryModule = typeof SentryNode;

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
    // The bundle has no module graph to hook, and nothing here traces.
    registerEsmLoaderHooks: false,
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
  loading ??= import("@sentry/node-core")
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

/** A client's mistake answered with a 4xx (thrown Response or route error) is not an error. */
function isClientError(error: unknown): boolean {
  if (isRouteErrorResponse(error)) return error.status < 500;
  return error instanceof Response && error.status < 500;
}

export async function captureServerError(error: unknown, request: Request, origin = "remix.server"): Promise<void> {
  if (isClientError(error) || request.signal.aborted) return;
  const Sentry = await getSentry();
  if (!Sentry) return;
  try {
    const reported = error instanceof Response ? new Error(`${error.status} ${error.statusText || "response"}`) : error;
    Sentry.withScope((scope) => {
      scope.setSDKProcessingMetadata({ normalizedRequest: { url: request.url, method: request.method, headers: Object.fromEntries(request.headers) } });
      scope.addEventProcessor((event) => {
        for (const exception of event.exception?.values ?? []) exception.mechanism = { type: `auto.function.${origin}`, handled: false };
        return event;
      });
      Sentry.captureException(reported);
    });
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

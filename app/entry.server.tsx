// API Gateway buffers whole responses, so streaming buys nothing on Lambda: every page is
// rendered completely (onAllReady) before it is sent. Each document gets its own CSP nonce.
import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { billingFormActionOrigins } from "~/lib/billing/redirect-origins.server";
import { createNonce, documentCsp } from "~/lib/http/security-headers";
import { NonceContext } from "~/lib/nonce";
import { logger } from "~/lib/observability/logger.server";
import { captureServerError } from "~/lib/observability/sentry.server";
import { RequestInfoContext, type RequestInfo } from "~/lib/request-info";
import { runtimeEnv } from "~/lib/env.server";
import { APP_VERSION } from "~/lib/runtime.server";

export const streamTimeout = 5_000;

// Thrown responses (a 404, "sessions unavailable" 503) say what they are and were logged where
// they arose; only real errors are worth logging here.
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error)) return;
  logger.error("unhandled error", {
    requestId: context?.requestId,
    path: new URL(request.url).pathname,
    error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
  });
  // The Lambda wrapper flushes Sentry before the invocation returns.
  void captureServerError(error, request);
}

/** The browser may send Sentry events only to the DSN's own host. */
function sentryOrigin(dsn: string | undefined): string[] {
  if (!dsn) return [];
  try {
    return [new URL(dsn).origin];
  } catch {
    return [];
  }
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = createNonce();
  const runtime = runtimeEnv();
  const info: RequestInfo = {
    requestId: loadContext?.requestId ?? null,
    sentryDsn: runtime.SENTRY_DSN || null,
    release: APP_VERSION,
    environment: runtime.APP_ENV ?? "development",
  };
  // Only the billing pages post forms that redirect off-site (Stripe Checkout and the portal).
  const formActions = new URL(request.url).pathname.startsWith("/billing") ? billingFormActionOrigins() : [];
  responseHeaders.set("Content-Security-Policy", documentCsp(nonce, formActions, sentryOrigin(runtime.SENTRY_DSN)));
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RequestInfoContext.Provider value={info}>
          <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
        </RequestInfoContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged here; before it, onShellError rejects.
          if (shellRendered) logger.error("render error", { requestId: info.requestId, error: String(error) });
        },
      },
    );
    // Do not keep the Lambda (or a one-shot script) alive once rendering is done.
    setTimeout(abort, streamTimeout + 1_000).unref();
  });
}

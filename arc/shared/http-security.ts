// What every response of every Lambda gets, in one place: the CSRF check before Remix sees a
// state-changing request, and the security headers after it answered.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { SESSION_COOKIE } from "../../app/lib/sessions/session-cookie";
import { runtimeEnv, type Env } from "../../app/lib/env.server";
import { csrfRefusal, normalisePath } from "../../app/lib/http/csrf";
import { baseSecurityHeaders, NON_DOCUMENT_CSP } from "../../app/lib/http/security-headers";
import { logger } from "../../app/lib/observability/logger.server";

/** Origins our pages are served from: APP_ORIGIN, else this request's own (and API_BASE_URL's). */
export function allowedOrigins(event: APIGatewayProxyEventV2, env: Env): string[] {
  if (env.appOrigins) return env.appOrigins;
  // The same host and scheme @remix-run/architect builds the request URL from; API Gateway sets
  // X-Forwarded-Proto, and so does the local emulation (plain http).
  const host = event.headers["x-forwarded-host"] ?? event.headers.host ?? "";
  const scheme = event.headers["x-forwarded-proto"] ?? (runtimeEnv().ARC_SANDBOX ? "http" : "https");
  const origins = [`${scheme}://${host}`];
  const api = runtimeEnv().API_BASE_URL;
  if (api) {
    try {
      origins.push(new URL(api).origin);
    } catch {
      // not a URL: ignored
    }
  }
  return origins;
}

/** A 403 for a cross-site state-changing request, or null to let it through. */
export function refuseCrossSite(event: APIGatewayProxyEventV2, env: Env): APIGatewayProxyStructuredResultV2 | null {
  const message = csrfRefusal({
    method: event.requestContext.http.method,
    path: normalisePath(event.rawPath),
    origin: event.headers.origin,
    secFetchSite: event.headers["sec-fetch-site"],
    allowedOrigins: allowedOrigins(event, env),
  });
  if (!message) return null;
  logger.warn("cross-site request refused", { requestId: event.requestContext.requestId, path: event.rawPath, origin: event.headers.origin ?? null });
  return { statusCode: 403, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }, body: `403 Forbidden: ${message}\n` };
}

/** Adds the headers every response must carry, keeping any the app set itself. */
export function withSecurityHeaders(
  result: APIGatewayProxyStructuredResultV2,
  event: APIGatewayProxyEventV2,
  env: Env,
): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(baseSecurityHeaders({ development: env.NODE_ENV === "development" }))) {
    headers[name] ??= value;
  }
  // Documents carry their nonce'd policy (entry.server.tsx); JSON, data and redirects need nothing.
  headers["content-security-policy"] ??= NON_DOCUMENT_CSP;
  // Whatever a signed-in user sees, or a response that sets a cookie, is nobody else's to cache.
  const signedIn = event.cookies?.some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if ((signedIn || result.cookies?.length) && headers["cache-control"] === undefined) headers["cache-control"] = "private, no-store";
  return { ...result, headers };
}

// The request shape, owned in one place for every Lambda: before Remix sees a request, refuse
// what did not come through CloudFront and cross-site state-changing posts, then present the
// request as the viewer sent it (their host, not API Gateway's); after Remix answered, add the
// security headers.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { HOST_SESSION_COOKIE, SESSION_COOKIE } from "../../app/lib/sessions/session-cookie";
import { runtimeEnv, type Env } from "../../app/lib/env.server";
import { originSecretMatches } from "../../app/lib/http/client-ip";
import { csrfRefusal, isCookielessPath, normalisePath } from "../../app/lib/http/csrf";
import { optionalSecret } from "../../app/lib/secrets/secrets.server";
import { baseSecurityHeaders, NON_DOCUMENT_CSP } from "../../app/lib/http/security-headers";
import { logger } from "../../app/lib/observability/logger.server";

/** Origins our pages are served from: APP_ORIGIN, else this request's own (and API_BASE_URL's). */
export function allowedOrigins(event: APIGatewayProxyEventV2, env: Env): string[] {
  if (env.appOrigins) return env.appOrigins;
  // The host @remix-run/architect builds the request URL from (presentToRemix drops a client's
  // X-Forwarded-Host); API Gateway sets X-Forwarded-Proto, and so does the local emulation.
  const host = event.headers.host ?? "";
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

const plainText = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  body,
});

/** Route 53 health checks cannot add headers, so these answer whoever asks (they reveal nothing). */
const OPEN_PATHS = new Set(["/health", "/v1/health"]);

/**
 * A 403 for a request that did not come through CloudFront, or null. Once ORIGIN_VERIFY_SECRET
 * (or its ARN) is set, only requests carrying it in X-Origin-Verify get further: the API's own
 * hostnames are public, and a request sent straight to them would skip WAF.
 */
export async function refuseUnverifiedOrigin(event: APIGatewayProxyEventV2, env: Env): Promise<APIGatewayProxyStructuredResultV2 | null> {
  if (!env.ORIGIN_VERIFY_SECRET && !env.ORIGIN_VERIFY_SECRET_ARN) return null;
  if (OPEN_PATHS.has(normalisePath(event.rawPath))) return null;
  const secret = env.ORIGIN_VERIFY_SECRET ?? (await optionalSecret("ORIGIN_VERIFY_SECRET"));
  if (originSecretMatches(event.headers["x-origin-verify"], secret)) return null;
  logger.warn("request without the origin secret refused", { requestId: event.requestContext.requestId, path: event.rawPath });
  return plainText(403, "403 Forbidden: this address only answers requests that come through CalcApp's own domain.\n");
}

/**
 * The event as Remix must see it once the checks above have passed. Remix's own cross-site check
 * (run for every document and single-fetch action) compares Origin with X-Forwarded-Host or Host,
 * and throws, a 500, on a mismatch. Behind CloudFront the Host is API Gateway's, so the viewer's
 * host is put in X-Forwarded-Host: APP_ORIGIN's (the one the request came from), always
 * overwriting what a client may have sent. Routes exempt from the check (the JSON API, the signed
 * webhook) read no cookies: their Origin is dropped, so a foreign one cannot make Remix throw.
 */
export function presentToRemix(event: APIGatewayProxyEventV2, env: Env): APIGatewayProxyEventV2 {
  const headers = { ...event.headers };
  const origin = headers.origin && env.appOrigins?.includes(headers.origin) ? headers.origin : env.appOrigins?.[0];
  // Without APP_ORIGIN the Host the client connected to is the site: nobody vouches for an
  // X-Forwarded-Host in front of API Gateway.
  if (origin) headers["x-forwarded-host"] = new URL(origin).host;
  else delete headers["x-forwarded-host"];
  if (isCookielessPath(normalisePath(event.rawPath))) delete headers.origin;
  return { ...event, headers };
}

/**
 * A 400 for a Host that is no host name (a client can send anything there): Remix builds the
 * request URL from it, and an unparsable one would be a 500. Behind CloudFront (APP_ORIGIN set)
 * the Host is API Gateway's and is not used.
 */
export function refuseBadHost(event: APIGatewayProxyEventV2, env: Env): APIGatewayProxyStructuredResultV2 | null {
  if (env.appOrigins) return null;
  const host = event.headers.host ?? "";
  try {
    if (host && new URL(`https://${host}`).host === host.toLowerCase()) return null;
  } catch {
    // falls through to the refusal
  }
  return plainText(400, "400 Bad Request: the Host header is not a host name.\n");
}

/**
 * A 405 for a single-fetch data URL (/history.data, /_root.data …) asked with anything but GET
 * (loaders) or POST (actions), the only methods Remix's client uses: Remix would run an action
 * for HEAD or OPTIONS there.
 */
export function refuseDataMethod(event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 | null {
  const method = event.requestContext.http.method.toUpperCase();
  if (!normalisePath(event.rawPath).endsWith(".data") || method === "GET" || method === "POST") return null;
  const refused = plainText(405, "405 Method Not Allowed: data URLs answer GET and POST.\n");
  return { ...refused, headers: { ...refused.headers, Allow: "GET, POST" } };
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
  return plainText(403, `403 Forbidden: ${message}\n`);
}

const API_PREFIX = "/v1/";
const CORS_METHODS = "GET, POST, DELETE";
const CORS_HEADERS = "Authorization, Content-Type";

/** The request's Origin when it may call the API across sites (API_CORS_ORIGINS), else null. */
function corsOrigin(event: APIGatewayProxyEventV2, env: Env): string | null {
  const origin = event.headers.origin;
  if (!origin || !normalisePath(event.rawPath).startsWith(API_PREFIX)) return null;
  return env.apiCorsOrigins.includes(origin) ? origin : null;
}

/**
 * The answer to a CORS preflight for the API from an allowed origin, or null. CORS stays closed
 * unless API_CORS_ORIGINS names the origin: other preflights get no CORS headers, so the browser
 * refuses. Credentials are never allowed (the API reads no cookies; tokens travel in a header).
 */
export function answerPreflight(event: APIGatewayProxyEventV2, env: Env): APIGatewayProxyStructuredResultV2 | null {
  if (event.requestContext.http.method.toUpperCase() !== "OPTIONS" || !event.headers["access-control-request-method"]) return null;
  const origin = corsOrigin(event, env);
  if (!origin) return null;
  return {
    statusCode: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": CORS_METHODS,
      "access-control-allow-headers": CORS_HEADERS,
      "access-control-max-age": "600",
      vary: "Origin",
      "cache-control": "no-store",
    },
    body: "",
  };
}

/** Lets an allowed origin's page read the API's answer (and its challenge and retry headers). */
export function withCors(result: APIGatewayProxyStructuredResultV2, event: APIGatewayProxyEventV2, env: Env): APIGatewayProxyStructuredResultV2 {
  const origin = corsOrigin(event, env);
  if (!origin) return result;
  return {
    ...result,
    headers: {
      ...result.headers,
      "access-control-allow-origin": origin,
      "access-control-expose-headers": "WWW-Authenticate, Retry-After, Location",
      vary: "Origin",
    },
  };
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
  // Whatever a signed-in user (by cookie or bearer token) sees, or a response that sets a cookie,
  // is nobody else's to cache.
  const signedIn =
    event.cookies?.some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`) || cookie.startsWith(`${HOST_SESSION_COOKIE}=`)) ||
    event.headers.authorization !== undefined;
  if ((signedIn || result.cookies?.length) && headers["cache-control"] === undefined) headers["cache-control"] = "private, no-store";
  return { ...result, headers };
}

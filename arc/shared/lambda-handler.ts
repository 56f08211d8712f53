// Every HTTP Lambda is the same thin shell: validate the environment at cold start, refuse
// requests that skipped CloudFront and cross-site state-changing requests, answer the API's CORS
// preflights (only for API_CORS_ORIGINS), hand each API Gateway v2 event to Remix's Architect adapter
// over this Lambda's own server bundle, add the security headers to whatever it answers, and
// write one structured log line per request (flushing Sentry before the invocation returns).
import { createRequestHandler } from "@remix-run/architect";
import type { ServerBuild } from "@remix-run/node";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { getEnv } from "../../app/lib/env.server";
import { logger } from "../../app/lib/observability/logger.server";
import { warnDeprecatedEnvOnce } from "../../app/lib/observability/deprecated-env.server";
import { emitMetric } from "../../app/lib/observability/metrics.server";
import { flushSentry, isHealthCheck } from "../../app/lib/observability/sentry.server";
import {
  answerPreflight,
  presentToRemix,
  refuseBadHost,
  refuseCrossSite,
  refuseDataMethod,
  refuseUnverifiedOrigin,
  withCors,
  withSecurityHeaders,
} from "./http-security";
import { fencedWriteRefusal } from "../../app/lib/dr/region-role.server";
import { createGetLoadContext } from "./load-context";
import { isManifestRequest, withAllRoutes } from "./route-manifest";

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export function createLambdaHandler(build: ServerBuild, browserManifest: ServerBuild["assets"]): HttpHandler {
  const env = getEnv();
  warnDeprecatedEnvOnce(env);
  const getLoadContext = createGetLoadContext(env);
  // The adapter is typed as a generic Lambda handler (event, context, callback) but only reads the
  // event and always returns a structured v2 result.
  const pages = createRequestHandler({ build, mode: env.NODE_ENV, getLoadContext }) as unknown as HttpHandler;
  let manifest: HttpHandler | undefined;
  const route = (event: APIGatewayProxyEventV2) => {
    if (!isManifestRequest(event.rawPath)) return pages(event);
    manifest ??= createRequestHandler({ build: withAllRoutes(build, browserManifest), mode: env.NODE_ENV }) as unknown as HttpHandler;
    return manifest(event);
  };
  let coldStart = true;
  return async (event) => {
    const started = performance.now();
    const cold = coldStart;
    coldStart = false;
    if (cold) emitMetric("ColdStart");
    let status = 500;
    try {
      const refused =
        (await refuseUnverifiedOrigin(event, env)) ??
        refuseBadHost(event, env) ??
        refuseDataMethod(event) ??
        refuseCrossSite(event, env) ??
        (await refuseFencedWrite(event)) ??
        answerPreflight(event, env);
      const result = withCors(withSecurityHeaders(refused ?? (await route(presentToRemix(event, env))), event, env), event, env);
      status = result.statusCode ?? 200;
      return result;
    } finally {
      const line = {
        requestId: event.requestContext.requestId,
        method: event.requestContext.http.method,
        route: event.routeKey,
        path: event.rawPath,
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        coldStart: cold,
      };
      // Route 53 probes /health every 10 s from many places: worth a line only when it fails.
      if (status >= 500) logger.error("request", line);
      else if (isHealthCheck(event.rawPath)) logger.debug("request", line);
      else logger.info("request", line);
      await flushSentry();
    }
  };
}

/** DR fencing (docs/decisions/012): a write reaching a region that is not the writer is refused, never half-done. */
async function refuseFencedWrite(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2 | null> {
  const reason = await fencedWriteRefusal(event.requestContext.http.method);
  if (!reason) return null;
  logger.warn("write refused: region fenced", { requestId: event.requestContext.requestId, path: event.rawPath, reason });
  return {
    statusCode: 503,
    headers: { "content-type": "application/json", "cache-control": "no-store", "retry-after": "5" },
    body: JSON.stringify({ message: "This region is not taking writes (disaster recovery failover). Retry in a few seconds.", fenced: true }),
  };
}

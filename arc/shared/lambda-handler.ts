// Every HTTP Lambda is the same thin shell: validate the environment at cold start, then hand each
// API Gateway v2 event to Remix's Architect adapter over this Lambda's own server bundle.
import { createRequestHandler } from "@remix-run/architect";
import type { ServerBuild } from "@remix-run/node";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { getEnv } from "../../app/lib/env.server";
import { isManifestRequest, withAllRoutes } from "./route-manifest";

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export function createLambdaHandler(build: ServerBuild, browserManifest: ServerBuild["assets"]): HttpHandler {
  const env = getEnv();
  // The adapter is typed as a generic Lambda handler (event, context, callback) but only reads the
  // event and always returns a structured v2 result.
  const pages = createRequestHandler({ build, mode: env.NODE_ENV }) as unknown as HttpHandler;
  let manifest: HttpHandler | undefined;
  return (event) => {
    if (!isManifestRequest(event.rawPath)) return pages(event);
    manifest ??= createRequestHandler({ build: withAllRoutes(build, browserManifest), mode: env.NODE_ENV }) as unknown as HttpHandler;
    return manifest(event);
  };
}

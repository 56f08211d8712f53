// The packaged Lambdas served warm on one port, routed exactly as app.arc routes them: what a warm
// Lambda container behind API Gateway does, without arc sandbox's process-per-request.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { register } from "node:module";
import { extname, join, normalize, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { logger } from "../../app/lib/observability/logger.server";
import { matchRoute, readArcMap, repoRoot, type ArcMap } from "../app-map";
import { lambdaContext, MAX_PAYLOAD_BYTES, requestUrl, toApiGatewayEvent, writeApiGatewayResult, type ApiGatewayRequest } from "./api-gateway";
import { toOriginHeaders, type CloudFrontEdge } from "./cloudfront";

// What the Lambda runtime provides (@aws-sdk/*) comes from this repository's node_modules.
register("./runtime-sdk-hooks.mjs", import.meta.url, { data: { parentURL: pathToFileURL(join(repoRoot, "package.json")).href } });

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const contentTypes: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

export type LambdaServerOptions = {
  packagesDir?: string;
  staticDir?: string;
  timeoutMs?: number;
  map?: ArcMap;
  /** Act as CloudFront in front of API Gateway (the production request shape): see cloudfront.ts. */
  cloudfront?: CloudFrontEdge;
};

export async function loadHandlers(map: ArcMap, packagesDir: string): Promise<Map<string, Handler>> {
  const handlers = new Map<string, Handler>();
  for (const fn of map.functions.filter((f) => f.kind === "http")) {
    const file = join(packagesDir, fn.name, "index.mjs");
    if (!existsSync(file)) throw new Error(`Missing ${file}: run npm run build && npm run package`);
    const mod = (await import(pathToFileURL(file).href)) as { handler?: Handler };
    if (typeof mod.handler !== "function") throw new Error(`${file} exports no handler`);
    handlers.set(fn.name, mod.handler);
  }
  return handlers;
}

function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        resolve(null);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function serveStatic(staticDir: string, pathname: string, response: ServerResponse): boolean {
  const relativePath = decodeURIComponent(pathname.slice("/_static/".length));
  const file = normalize(join(staticDir, relativePath));
  if (!file.startsWith(staticDir + sep) || !existsSync(file) || !statSync(file).isFile()) return false;
  response.writeHead(200, {
    "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
    "content-length": String(statSync(file).size),
    // What CloudFront's security headers policy adds to /_static/ in production.
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    // Vite fingerprints everything under assets/, so it can be cached for good.
    "cache-control": relativePath.startsWith("assets/") ? "public, max-age=31536000, immutable" : "public, max-age=300",
  });
  createReadStream(file).pipe(response);
  return true;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) });
  response.end(text);
}

/** The request as API Gateway receives it from CloudFront: origin headers, an edge as the source. */
function viewerThroughCloudFront(request: IncomingMessage, edge: CloudFrontEdge): ApiGatewayRequest {
  const viewer = { address: request.socket.remoteAddress ?? "127.0.0.1", port: request.socket.remotePort ?? 0, protocol: "http" as const };
  return {
    method: request.method,
    url: request.url,
    httpVersion: request.httpVersion,
    headers: toOriginHeaders(request.headers, viewer, edge),
    socket: { remoteAddress: edge.edgeAddress, localPort: 443 },
  };
}

export async function createLambdaServer(options: LambdaServerOptions = {}): Promise<Server> {
  const map = options.map ?? readArcMap();
  const packagesDir = options.packagesDir ?? join(repoRoot, "lambda-packages");
  const staticDir = options.staticDir ?? join(repoRoot, map.staticFolder ?? "build/client");
  const timeoutMs = options.timeoutMs ?? map.timeout * 1000;
  const handlers = await loadHandlers(map, packagesDir);

  return createServer(async (request, response) => {
    try {
      const pathname = requestUrl(request.url).pathname;
      if (pathname.startsWith("/_static/") && (request.method === "GET" || request.method === "HEAD")) {
        if (serveStatic(staticDir, pathname, response)) return;
        return sendJson(response, 404, { message: "Not Found" });
      }
      const route = matchRoute(map.routes, request.method ?? "GET", pathname);
      const handler = route && handlers.get(route.fn);
      if (!route || !handler) return sendJson(response, 404, { message: "Not Found" });
      const body = await readBody(request);
      if (body === null) return sendJson(response, 413, { message: "Request Entity Too Large" });
      const edge = options.cloudfront;
      const event = edge
        ? toApiGatewayEvent(viewerThroughCloudFront(request, edge), body, route, "https")
        : toApiGatewayEvent(request, body, route);
      const context = lambdaContext(route.fn, event.requestContext.requestId, timeoutMs);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const result = await Promise.race([handler(event, context), timedOut]).finally(() => clearTimeout(timer));
      // API Gateway answers 503 when the integration times out and 500 when it fails.
      if (result === "timeout") return sendJson(response, 503, { message: "Service Unavailable" });
      writeApiGatewayResult(response, result);
    } catch (error) {
      logger.error("lambda invocation failed", { error: String(error) });
      if (!response.headersSent) sendJson(response, 500, { message: "Internal Server Error" });
      else response.destroy();
    }
  });
}

/**
 * Stops as a fenced Lambda does: no new requests, the ones in flight finish, then the process may
 * exit. server.close() alone is not enough on Node 24: a keep-alive connection that is busy at
 * that moment stays open and goes on serving (a health checker polling every few hundred ms keeps
 * it busy for ever). So answers from now on close their connection, idle ones close now, and
 * whatever is still open after `graceMs` (a Lambda timeout) is cut.
 */
export function stopServing(server: Server, graceMs: number): Promise<void> {
  server.prependListener("request", (_request: IncomingMessage, response: ServerResponse) => {
    response.shouldKeepAlive = false;
  });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
  deadline.unref();
  return closed.finally(() => clearTimeout(deadline));
}

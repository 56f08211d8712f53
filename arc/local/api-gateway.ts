// What API Gateway HTTP API (payload format 2.0) does between the wire and a Lambda, for the
// local production-like server: an HTTP request becomes an APIGatewayProxyEventV2, and the
// handler's structured result becomes the HTTP response.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { HttpRoute } from "../app-map";

/** API Gateway's own payload limit. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

const textTypes = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript|.*\+json|.*\+xml))/i;

/**
 * The request target as a URL, its path kept as sent: `new URL("//x", base)` would read "//x" as
 * a host (and "//" as no URL at all), while API Gateway passes such a path on as it is.
 */
export function requestUrl(target: string | undefined): URL {
  const path = target?.startsWith("/") ? target : `/${target ?? ""}`;
  return new URL(`http://localhost${path}`);
}

export function routeKey(route: HttpRoute): string {
  const path = route.path === "/*" ? "/{proxy+}" : route.path.replace(/\/\*$/, "/{proxy+}").replace(/:(\w+)/g, "{$1}");
  return `${route.method} ${path}`;
}

function pathParameters(route: HttpRoute, rawPath: string): Record<string, string> | undefined {
  const want = route.path.split("/").filter(Boolean);
  const got = rawPath.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  want.forEach((segment, i) => {
    if (segment === "*") params.proxy = got.slice(i).join("/");
    else if (segment.startsWith(":")) params[segment.slice(1)] = got[i] ?? "";
  });
  return Object.keys(params).length ? params : undefined;
}

export type ApiGatewayRequest = Pick<IncomingMessage, "method" | "url" | "headers"> & {
  socket: { remoteAddress?: string; localPort?: number };
  httpVersion?: string;
};

export function toApiGatewayEvent(
  request: ApiGatewayRequest,
  body: Buffer,
  route: HttpRoute,
  /** The scheme API Gateway was reached on: https behind CloudFront, plain http for this server. */
  scheme: "http" | "https" = "http",
): APIGatewayProxyEventV2 {
  const url = requestUrl(request.url);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(",") : value;
    // Payload 2.0 moves cookies out of the headers into their own array.
    if (name === "cookie") cookies = joined.split(/;\s*/).filter(Boolean);
    else headers[name] = joined;
  }
  // API Gateway adds these itself (a client's own X-Forwarded-Proto is overwritten). This server is
  // plain http (unless CloudFront stands in front), which the app's origin checks must know.
  const sourceIp = request.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1";
  headers["x-forwarded-for"] = headers["x-forwarded-for"] ? `${headers["x-forwarded-for"]}, ${sourceIp}` : sourceIp;
  headers["x-forwarded-proto"] = scheme;
  headers["x-forwarded-port"] = scheme === "https" ? "443" : String(request.socket.localPort ?? 80);
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const contentType = headers["content-type"] ?? "";
  const isBase64Encoded = body.length > 0 && !textTypes.test(contentType);
  const now = new Date();
  const method = (request.method ?? "GET").toUpperCase();
  const key = routeKey(route);
  return {
    version: "2.0",
    routeKey: key,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: pathParameters(route, url.pathname),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: (headers.host ?? "localhost").split(".")[0] ?? "localhost",
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion ?? "1.1"}`,
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? body.toString(isBase64Encoded ? "base64" : "utf8") : undefined,
    isBase64Encoded,
  };
}

export function lambdaContext(functionName: string, requestId: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function writeApiGatewayResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers["set-cookie"] = result.cookies;
  const body = result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8");
  if (body) headers["content-length"] = String(body.length);
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}

import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** A guest's GET as API Gateway HTTP API delivers it. */
export function getEvent(path: string, routeKey: string): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: "",
    headers: { host: "localhost", accept: "text/html", "user-agent": "calcapp-bench" },
    requestContext: {
      accountId: "000000000000",
      apiId: "bench",
      domainName: "localhost",
      domainPrefix: "localhost",
      http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "calcapp-bench" },
      requestId: "bench",
      routeKey,
      stage: "$default",
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

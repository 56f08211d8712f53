import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { routeKey, toApiGatewayEvent } from "./api-gateway";

const route = { method: "ANY", path: "/history/*", fn: "history", src: "arc/http/history" };

function request(headers: Record<string, string | string[]>, url = "/history/page?cursor=a&x=1&x=2", method = "POST") {
  const socket = new Socket();
  Object.defineProperty(socket, "remoteAddress", { value: "::ffff:10.1.2.3" });
  return { method, url, headers, socket };
}

describe("toApiGatewayEvent (payload format 2.0)", () => {
  it("keeps a path that starts with // as it was sent (not a host)", () => {
    for (const url of ["//", "//login?x=1", "///evil.example"]) {
      const event = toApiGatewayEvent(request({ host: "localhost:3000" }, url, "GET"), Buffer.alloc(0), route);
      expect(event.rawPath, url).toBe(url.split("?")[0]);
    }
  });

  it("moves cookies out of the headers and keeps the raw path and query", () => {
    const event = toApiGatewayEvent(
      request({ host: "localhost:3000", cookie: "a=1; b=2", "content-type": "application/x-www-form-urlencoded" }),
      Buffer.from("key=7"),
      route,
    );
    expect(event.cookies).toEqual(["a=1", "b=2"]);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.rawPath).toBe("/history/page");
    expect(event.rawQueryString).toBe("cursor=a&x=1&x=2");
    expect(event.queryStringParameters).toEqual({ cursor: "a", x: "1,2" });
    expect(event.pathParameters).toEqual({ proxy: "page" });
    expect(event.routeKey).toBe("ANY /history/{proxy+}");
    expect(event.requestContext.http).toMatchObject({ method: "POST", sourceIp: "10.1.2.3" });
    expect(event.body).toBe("key=7");
    // As API Gateway does: the client's X-Forwarded-For is kept and the source appended; the scheme is this server's.
    expect(event.headers["x-forwarded-for"]).toBe("10.1.2.3");
    expect(event.headers["x-forwarded-proto"]).toBe("http");
    expect(event.isBase64Encoded).toBe(false);
  });

  it("appends to X-Forwarded-For and overwrites X-Forwarded-Proto", () => {
    const event = toApiGatewayEvent(request({ "x-forwarded-for": "6.6.6.6", "x-forwarded-proto": "https" }), Buffer.alloc(0), route);
    expect(event.headers["x-forwarded-for"]).toBe("6.6.6.6, 10.1.2.3");
    expect(event.headers["x-forwarded-proto"]).toBe("http");
  });

  it("base64-encodes binary bodies", () => {
    const event = toApiGatewayEvent(request({ "content-type": "application/octet-stream" }), Buffer.from([0, 255]), route);
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body as string, "base64")).toEqual(Buffer.from([0, 255]));
  });

  it("names routes as API Gateway does", () => {
    expect(routeKey({ ...route, path: "/*" })).toBe("ANY /{proxy+}");
    expect(routeKey({ ...route, method: "GET", path: "/things/:id" })).toBe("GET /things/{id}");
  });
});

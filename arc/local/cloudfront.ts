// What CloudFront does to a viewer's request before it reaches the API origin, for `npm start`'s
// CloudFront mode (CLOUDFRONT=1) — the production request shape that terraform/modules/cdn sets up:
// - the origin request policy Managed-AllViewerExceptHostHeader forwards every viewer header but
//   Host, so the origin sees API Gateway's own hostname as Host;
// - CloudFront-Viewer-Address (the viewer's address:port) and CloudFront-Forwarded-Proto are
//   CloudFront's, whatever the viewer sent under those names;
// - X-Forwarded-For gets the viewer's address appended; Via and X-Amz-Cf-Id are added;
// - the origin custom header X-Origin-Verify carries the secret, overwriting a viewer's own.
// API Gateway then sees a CloudFront edge as the source address.
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export type CloudFrontEdge = {
  /** The X-Origin-Verify value (ORIGIN_VERIFY_SECRET of the Lambdas). */
  originSecret: string;
  /** The API's execute-api hostname, the Host the Lambdas see. */
  apiHost: string;
  /** The edge's address, API Gateway's sourceIp (a label here: nothing is sent to it). */
  edgeAddress: string;
};

export const DEFAULT_API_HOST = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";
export const DEFAULT_EDGE_ADDRESS = "130.176.88.17";

export function cloudFrontEdge(originSecret = randomBytes(24).toString("base64url")): CloudFrontEdge {
  return { originSecret, apiHost: DEFAULT_API_HOST, edgeAddress: DEFAULT_EDGE_ADDRESS };
}

export type Viewer = { address: string; port: number; protocol: "http" | "https" };

/** The headers the origin receives for a viewer request with these headers. */
export function toOriginHeaders(viewerHeaders: IncomingHttpHeaders, viewer: Viewer, edge: CloudFrontEdge): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = { ...viewerHeaders };
  const address = viewer.address.replace(/^::ffff:/, "");
  headers.host = edge.apiHost;
  // "198.51.100.10:46532", and for IPv6 the address as it is, port appended ("2001:db8::1:46532").
  headers["cloudfront-viewer-address"] = `${address}:${viewer.port}`;
  headers["cloudfront-forwarded-proto"] = viewer.protocol;
  const forwardedFor = viewerHeaders["x-forwarded-for"];
  headers["x-forwarded-for"] = forwardedFor ? `${String(forwardedFor)}, ${address}` : address;
  headers.via = "2.0 0123456789abcdef0123456789abcdef.cloudfront.net (CloudFront)";
  headers["x-amz-cf-id"] = randomBytes(42).toString("base64url").slice(0, 56);
  headers["x-origin-verify"] = edge.originSecret;
  return headers;
}

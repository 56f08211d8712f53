// The load context every loader and action receives (app/lib/http/load-context.ts): request id,
// API Gateway's source IP, and the viewer's address when CloudFront proved it sent the request.
import type { AppLoadContext } from "@remix-run/node";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Env } from "../../app/lib/env.server";
import { originSecretMatches, parseViewerAddress } from "../../app/lib/http/client-ip";
import { optionalSecret } from "../../app/lib/secrets/secrets.server";

export function createGetLoadContext(env: Env): (event: APIGatewayProxyEventV2) => Promise<AppLoadContext> {
  return async (event) => {
    const viewer = event.headers["cloudfront-viewer-address"];
    let viewerAddress: string | null = null;
    // Only worth a secret lookup when there is an address to trust.
    if (viewer) {
      const secret = env.ORIGIN_VERIFY_SECRET ?? (env.ORIGIN_VERIFY_SECRET_ARN ? await optionalSecret("ORIGIN_VERIFY_SECRET") : undefined);
      if (originSecretMatches(event.headers["x-origin-verify"], secret)) viewerAddress = parseViewerAddress(viewer);
    }
    return { requestId: event.requestContext.requestId, sourceIp: event.requestContext.http.sourceIp, viewerAddress };
  };
}

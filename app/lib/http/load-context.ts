// What the Lambda wrapper (arc/shared/lambda-handler.ts) passes to every loader and action.
export type RequestFacts = {
  /** API Gateway's request id, for logs. */
  requestId: string;
  /** API Gateway's source IP: the client locally, a CloudFront edge in production. */
  sourceIp: string;
  /** The viewer's address from CloudFront-Viewer-Address, only when X-Origin-Verify proved it. */
  viewerAddress: string | null;
};

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface AppLoadContext extends RequestFacts {}
}

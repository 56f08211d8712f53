// A local stand-in for sentry.io: an HTTP server that keeps every envelope the SDK posts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export type SentryReceiver = {
  /** A DSN pointing at this receiver. */
  dsn: string;
  envelopes: string[];
  /** The error events (items with an exception) received so far. */
  events(): Array<Record<string, unknown>>;
  close(): Promise<void>;
};

export async function startSentryReceiver(): Promise<SentryReceiver> {
  const envelopes: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      envelopes.push((request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body).toString("utf8"));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    dsn: `http://publickey@127.0.0.1:${(server.address() as AddressInfo).port}/1`,
    envelopes,
    events: () =>
      envelopes.flatMap((envelope) =>
        envelope
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((item) => "exception" in item),
      ),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureServerError, flushSentry, scrubEvent } from "./sentry.server";

// A local stand-in for sentry.io: collects every envelope the SDK sends.
let server: Server;
const envelopes: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      envelopes.push((request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body).toString("utf8"));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SENTRY_DSN = `http://publickey@127.0.0.1:${(server.address() as AddressInfo).port}/1`;
});

afterAll(async () => {
  delete process.env.SENTRY_DSN;
  await new Promise((resolve) => server.close(resolve));
});

function eventsIn(envelope: string): Array<Record<string, unknown>> {
  return envelope
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((item) => "exception" in item);
}

describe("Sentry on the server", () => {
  it("sends a captured error with the release and without cookies or secrets, and drops health checks", async () => {
    const request = new Request("https://app.calcapp.test/history?q=1", {
      headers: { cookie: "__session=s3cr3t-session", authorization: "Bearer abc.def", "user-agent": "test" },
    });
    await captureServerError(new Error("loader exploded: postgresql://app:hunter2pass@db/calcapp"), request, "loader");
    await captureServerError(new Error("health failed"), new Request("https://app.calcapp.test/health"), "loader");
    await flushSentry();

    const events = envelopes.flatMap(eventsIn);
    expect(events).toHaveLength(1);
    const text = JSON.stringify(events[0]);
    expect(text).toContain("loader exploded");
    expect(events[0]).toMatchObject({ release: "0.0.0-test" });
    for (const secret of ["s3cr3t-session", "abc.def", "hunter2pass"]) expect(text).not.toContain(secret);
  });
});

describe("scrubEvent", () => {
  it("removes cookies, credentials and user details but keeps the user id", () => {
    const scrubbed = scrubEvent({
      request: { url: "https://x/account", cookies: { __session: "v" }, headers: { Cookie: "a=b", "x-origin-verify": "s" }, data: { password: "pw" } },
      user: { id: "u1", email: "a@b.c", ip_address: "1.2.3.4" },
    });
    expect(scrubbed).toEqual({
      request: { url: "https://x/account", headers: {}, data: { password: "[REDACTED]" } },
      user: { id: "u1" },
    });
  });
});

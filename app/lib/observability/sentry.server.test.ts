import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSentryReceiver, type SentryReceiver } from "../../../tests/support/sentry-receiver";
import { captureServerError, flushSentry, scrubEvent } from "./sentry.server";

let sentry: SentryReceiver;

beforeAll(async () => {
  sentry = await startSentryReceiver();
  process.env.SENTRY_DSN = sentry.dsn;
});

afterAll(async () => {
  delete process.env.SENTRY_DSN;
  await sentry.close();
});

describe("Sentry on the server", () => {
  it("sends a captured error with the release and without cookies or secrets, and drops health checks", async () => {
    const request = new Request("https://app.calcapp.test/history?q=1", {
      headers: { cookie: "__session=s3cr3t-session", authorization: "Bearer abc.def", "user-agent": "test" },
    });
    await captureServerError(new Error("loader exploded: postgresql://app:hunter2pass@db/calcapp"), request, "loader");
    await captureServerError(new Error("health failed"), new Request("https://app.calcapp.test/health"), "loader");
    // A client's mistake answered with a 4xx is not an error.
    await captureServerError(new Response("no such row", { status: 404 }), request, "loader");
    await flushSentry();

    const events = sentry.events();
    expect(events).toHaveLength(1);
    const text = JSON.stringify(events[0]);
    expect(text).toContain("loader exploded");
    expect(events[0]).toMatchObject({
      release: "0.0.0-test",
      request: { url: "https://app.calcapp.test/history?q=1", method: "GET" },
      exception: { values: [{ mechanism: { type: "auto.function.loader", handled: false } }] },
    });
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

import { createSocket, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A local UDP listener stands in for the X-Ray daemon that runs beside every traced Lambda.
let daemon: Socket;
const documents: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  daemon = createSocket("udp4");
  daemon.on("message", (message) => {
    // Each datagram is a JSON header line, a newline, then the (sub)segment document.
    const [, body] = message.toString("utf8").split("\n");
    if (body) documents.push(JSON.parse(body) as Record<string, unknown>);
  });
  await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
  Object.assign(process.env, {
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
    LAMBDA_TASK_ROOT: "/tmp",
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as AddressInfo).port}`,
    AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
    _X_AMZN_TRACE_ID: "Root=1-6744a9b0-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1",
  });
});

afterAll(() => {
  for (const key of ["AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT", "AWS_XRAY_DAEMON_ADDRESS", "AWS_XRAY_CONTEXT_MISSING", "_X_AMZN_TRACE_ID"]) {
    delete process.env[key];
  }
  daemon.close();
});

async function waitFor(count: number): Promise<void> {
  for (let i = 0; i < 50 && documents.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("traceCall on Lambda", () => {
  it("sends one subsegment per call to the X-Ray daemon, with errors recorded", async () => {
    const { traceCall } = await import("./tracing.server");
    await expect(traceCall("database", "postgres User.findUnique", async () => 42)).resolves.toBe(42);
    await expect(traceCall("redis", "redis GET", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    await waitFor(2);

    const names = documents.map((doc) => doc.name);
    expect(names).toEqual(expect.arrayContaining(["postgres User.findUnique", "redis GET"]));
    const failed = documents.find((doc) => doc.name === "redis GET");
    expect(failed).toMatchObject({
      trace_id: "1-6744a9b0-0123456789abcdef01234567",
      parent_id: "53995c3f42cd8ad8",
      namespace: "remote",
      fault: true,
      annotations: { kind: "redis" },
    });
    expect(documents.find((doc) => doc.name === "postgres User.findUnique")).toMatchObject({ annotations: { kind: "database" } });
  });
});

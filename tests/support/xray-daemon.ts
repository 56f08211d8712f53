// A local UDP listener standing in for the X-Ray daemon that runs beside every traced Lambda, and
// the environment that makes the X-Ray SDK behave as it does inside Lambda.
import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";

export type XRayDaemon = { documents: Array<Record<string, unknown>>; env: Record<string, string>; waitFor(count: number): Promise<void>; close(): void };

export const LAMBDA_ENV_KEYS = ["AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT", "AWS_XRAY_DAEMON_ADDRESS", "AWS_XRAY_CONTEXT_MISSING", "_X_AMZN_TRACE_ID"] as const;

export async function startXRayDaemon(traceId: string, parentId = "53995c3f42cd8ad8"): Promise<XRayDaemon> {
  const documents: Array<Record<string, unknown>> = [];
  const socket = createSocket("udp4");
  socket.on("message", (message) => {
    // Each datagram is a JSON header line, a newline, then the (sub)segment document.
    const [, body] = message.toString("utf8").split("\n");
    if (body) documents.push(JSON.parse(body) as Record<string, unknown>);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    documents,
    env: {
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
      LAMBDA_TASK_ROOT: "/tmp",
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(socket.address() as AddressInfo).port}`,
      AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
      _X_AMZN_TRACE_ID: `Root=${traceId};Parent=${parentId};Sampled=1`,
    },
    async waitFor(count) {
      for (let i = 0; i < 50 && documents.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    close: () => socket.close(),
  };
}

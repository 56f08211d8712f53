import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAMBDA_ENV_KEYS, startXRayDaemon, type XRayDaemon } from "../../../tests/support/xray-daemon";

let daemon: XRayDaemon;

beforeAll(async () => {
  daemon = await startXRayDaemon("1-6744a9b0-0123456789abcdef01234567");
  Object.assign(process.env, daemon.env);
});

afterAll(() => {
  for (const key of LAMBDA_ENV_KEYS) delete process.env[key];
  daemon.close();
});

describe("traceCall on Lambda", () => {
  it("sends one subsegment per call to the X-Ray daemon, with errors recorded", async () => {
    const { traceCall } = await import("./tracing.server");
    await expect(traceCall("database", "postgres User.findUnique", async () => 42)).resolves.toBe(42);
    await expect(traceCall("redis", "redis GET", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    await daemon.waitFor(2);

    const names = daemon.documents.map((doc) => doc.name);
    expect(names).toEqual(expect.arrayContaining(["postgres User.findUnique", "redis GET"]));
    const failed = daemon.documents.find((doc) => doc.name === "redis GET");
    expect(failed).toMatchObject({
      trace_id: "1-6744a9b0-0123456789abcdef01234567",
      parent_id: "53995c3f42cd8ad8",
      namespace: "remote",
      fault: true,
      annotations: { kind: "redis" },
    });
    expect(daemon.documents.find((doc) => doc.name === "postgres User.findUnique")).toMatchObject({ annotations: { kind: "database" } });
  });
});

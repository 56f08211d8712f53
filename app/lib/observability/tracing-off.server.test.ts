import { describe, expect, it } from "vitest";
import { traceCall, tracingEnabled } from "./tracing.server";

describe("traceCall off Lambda", () => {
  it("just runs the call and never loads the tracer", async () => {
    expect(tracingEnabled()).toBe(false);
    await expect(traceCall("database", "q", async () => "ok")).resolves.toBe("ok");
  });
});

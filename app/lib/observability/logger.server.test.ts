import { Console } from "node:console";
import { Writable } from "node:stream";
import type { Logger } from "@aws-lambda-powertools/logger";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "./logger.server";

/** Runs `run` with a logger whose console writes into memory; returns the parsed lines. */
function captureLines(run: (logger: Logger) => void): Array<Record<string, unknown>> {
  let text = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = createLogger();
  // Powertools writes through its own Console instance; point it at the sink.
  (logger as unknown as { console: Console }).console = new Console({ stdout: sink, stderr: sink });
  run(logger);
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("logger", () => {
  afterEach(() => {
    delete process.env.LOG_LEVEL;
  });

  it("writes one JSON line per event with level, region, version and the call's attributes", () => {
    process.env.APP_REGION = "eu-west-1";
    const [line] = captureLines((logger) =>
      logger.info("request", { requestId: "req-1", route: "GET /history", status: 200, durationMs: 12 }),
    );
    expect(line).toMatchObject({
      level: "INFO",
      message: "request",
      service: "calcapp",
      region: "eu-west-1",
      version: "0.0.0-test",
      requestId: "req-1",
      route: "GET /history",
      status: 200,
      durationMs: 12,
    });
    delete process.env.APP_REGION;
  });

  it("redacts passwords, secrets and credentials in URLs", () => {
    const [line] = captureLines((logger) =>
      logger.warn("login failed", {
        form: { email: "a@b.c", password: "hunter2hunter2" },
        databaseUrl: "postgresql://app:pw123456@db:5432/calcapp",
        headers: { cookie: "__session=abc" },
      }),
    );
    const text = JSON.stringify(line);
    expect(text).not.toContain("hunter2hunter2");
    expect(text).not.toContain("pw123456");
    expect(text).not.toContain("__session=abc");
    expect(line).toMatchObject({ form: { email: "a@b.c", password: "[REDACTED]" } });
  });

  it("honours LOG_LEVEL", () => {
    process.env.LOG_LEVEL = "warn";
    const lines = captureLines((logger) => {
      logger.info("hidden");
      logger.warn("shown");
    });
    expect(lines.map((l) => l.message)).toEqual(["shown"]);
  });
});

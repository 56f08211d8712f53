import { afterEach, describe, expect, it, vi } from "vitest";

import { emitMetric, emfDocument, metricsEnvironment } from "./metrics.server";

function capture(run: () => void): Array<Record<string, unknown>> {
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    write.mockRestore();
  }
  return chunks.join("").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("emitMetric", () => {
  afterEach(() => {
    delete process.env.APP_ENV;
  });

  it("writes one EMF line with namespace CalcApp/<environment>, the Environment dimension and the unit", () => {
    process.env.APP_ENV = "staging";
    const lines = capture(() => emitMetric("PaymentFailed", 1, "Count", { eventType: "invoice.payment_failed" }));
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          { Namespace: "CalcApp/staging", Dimensions: [["Environment"]], Metrics: [{ Name: "PaymentFailed", Unit: "Count" }] },
        ],
      },
      Environment: "staging",
      PaymentFailed: 1,
      eventType: "invoice.payment_failed",
    });
  });

  it.each(["SubscriptionCreated", "SubscriptionCanceled", "PaymentSucceeded", "PaymentFailed"] as const)(
    "%s defaults to a count of 1",
    (name) => {
      const [line] = capture(() => emitMetric(name));
      expect(line?.[name]).toBe(1);
      expect(line).toMatchObject({ _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: name, Unit: "Count" }] }] } });
    },
  );

  it("defaults the environment to development", () => {
    expect(metricsEnvironment({})).toBe("development");
    expect(metricsEnvironment({ APP_ENV: "production" })).toBe("production");
  });

  it("keeps emails, secrets and envelope overrides out of the properties", () => {
    const doc = emfDocument("SubscriptionCreated", 1, "Count", {
      note: "for ada@example.com",
      apiKey: "sk_test_abcdefgh",
      _aws: "x",
      Environment: "forged",
      SubscriptionCreated: 99,
    }, "production", 0);
    const text = JSON.stringify(doc);
    expect(text).not.toContain("ada@example.com");
    expect(text).not.toContain("sk_test_abcdefgh");
    expect(doc.Environment).toBe("production");
    expect(doc.SubscriptionCreated).toBe(1);
    expect((doc._aws as { Timestamp: number }).Timestamp).toBe(0);
  });
});

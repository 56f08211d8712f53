import { describe, expect, it, vi } from "vitest";
import { MemoryStore } from "../store/memory-store";
import { markActive } from "./active-users.server";

describe("markActive", () => {
  it("counts each user once per UTC day, and emits the DailyActiveUsers metric for the first visit", async () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const store = new MemoryStore();
      const morning = new Date("2026-11-25T08:00:00Z");
      expect(await markActive(store, "u1", morning)).toBe(true);
      expect(await markActive(store, "u1", new Date("2026-11-25T23:59:00Z"))).toBe(false);
      expect(await markActive(store, "u2", morning)).toBe(true);
      expect(await markActive(store, "u1", new Date("2026-11-26T00:01:00Z"))).toBe(true);
    } finally {
      write.mockRestore();
    }
    const metrics = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((doc) => "DailyActiveUsers" in doc);
    expect(metrics).toHaveLength(3);
    expect(metrics[0]).toMatchObject({ DailyActiveUsers: 1, _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: "DailyActiveUsers", Unit: "Count" }] }] } });
  });
});

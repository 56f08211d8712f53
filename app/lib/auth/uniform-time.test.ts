import { describe, expect, it } from "vitest";
import { takingAtLeast } from "./uniform-time";

describe("takingAtLeast", () => {
  it("waits until the floor when the work is quick, and not longer when it is slow", async () => {
    let started = Date.now();
    expect(await takingAtLeast(80, async () => "quick")).toBe("quick");
    expect(Date.now() - started).toBeGreaterThanOrEqual(78);

    started = Date.now();
    await takingAtLeast(20, () => new Promise((resolve) => setTimeout(resolve, 60)));
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(58);
    expect(took).toBeLessThan(150);
  });

  it("keeps the floor when the work fails", async () => {
    const started = Date.now();
    await expect(takingAtLeast(60, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(Date.now() - started).toBeGreaterThanOrEqual(58);
  });
});

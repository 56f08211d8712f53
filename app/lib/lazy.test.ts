import { describe, expect, it } from "vitest";
import { lazy } from "./lazy";

describe("lazy", () => {
  it("loads once and hands every caller the same module", async () => {
    let loads = 0;
    const load = lazy(async () => ({ n: ++loads }));
    const [a, b] = await Promise.all([load(), load()]);
    expect(await load()).toBe(a);
    expect(b).toBe(a);
    expect(loads).toBe(1);
  });

  it("tries again after a failed load", async () => {
    let loads = 0;
    const load = lazy(async () => {
      loads++;
      if (loads === 1) throw new Error("cold start hiccup");
      return { ok: true };
    });
    await expect(load()).rejects.toThrow("cold start hiccup");
    await expect(load()).resolves.toEqual({ ok: true });
    expect(loads).toBe(2);
  });
});

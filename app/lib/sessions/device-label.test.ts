import { describe, expect, it } from "vitest";
import { deviceLabel } from "./device-label";

describe("deviceLabel", () => {
  it("names the browser and system", () => {
    expect(deviceLabel("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")).toBe("Chrome on Linux");
    expect(deviceLabel("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")).toBe(
      "Safari on iOS (mobile)",
    );
  });
  it("copes with nothing useful", () => {
    expect(deviceLabel("")).toBe("Unknown device");
    expect(deviceLabel("curl/8.0")).toMatch(/curl|Unknown browser/i);
  });
});

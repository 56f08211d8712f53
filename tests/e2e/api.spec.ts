import { expect, test } from "@playwright/test";

test.describe("POST /v1/calculate", () => {
  test("answers the full-precision result", async ({ request }) => {
    const ok = await request.post("/v1/calculate", { data: { expression: "0.1 + 0.2" } });
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toEqual({ result: "0.3" });
    const big = await request.post("/v1/calculate", { data: { expression: "999999999999999 × 999999999999999" } });
    expect(await big.json()).toEqual({ result: "999999999999998000000000000001" });
  });

  for (const [name, expression, message] of [
    ["division by zero", "1/0", /Cannot divide by zero/],
    ["overflow", "1e999*1000", /Overflow|Unknown character|Unexpected/],
    ["a malformed expression", "2 + * 3", /./],
    ["an oversized expression", "1+".repeat(600) + "1", /too long/],
  ] as const) {
    test(`answers 400 for ${name}`, async ({ request }) => {
      const response = await request.post("/v1/calculate", { data: { expression } });
      expect(response.status()).toBe(400);
      const body = (await response.json()) as { error: string };
      expect(body.error).toMatch(message);
    });
  }

  test("refuses bodies that are not the expected JSON", async ({ request }) => {
    const wrongShape = await request.post("/v1/calculate", { data: { expr: "1+1" } });
    expect(wrongShape.status()).toBe(400);
    const notJson = await request.post("/v1/calculate", {
      headers: { "content-type": "application/json" },
      data: "{nope",
    });
    expect(notJson.status()).toBe(400);
    const huge = await request.post("/v1/calculate", { data: { expression: "1".repeat(100_000) } });
    expect(huge.status()).toBe(413);
    const get = await request.get("/v1/calculate");
    expect(get.status()).toBe(405);
  });
});

test("health endpoints answer JSON with status, version and region, never cached", async ({ request }) => {
  for (const path of ["/health", "/v1/health"]) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: "ok", region: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  }
});

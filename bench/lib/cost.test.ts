import { describe, expect, it } from "vitest";
import { costPerMillion, PRICES } from "./cost";

describe("costPerMillion", () => {
  it("bills GB-seconds at the memory size, duration rounded up to the millisecond", () => {
    // 100 ms at 512 MB = 0.05 GB-s a request = 50,000 GB-s a million.
    const cost = costPerMillion(99.2, 512);
    expect(cost.lambdaCompute).toBeCloseTo(50_000 * PRICES.lambdaPerGbSecond, 6);
    expect(cost.lambdaRequests).toBe(0.2);
    expect(cost.apiGateway).toBe(1);
    expect(cost.total).toBeCloseTo(0.833335 + 0.2 + 1, 5);
  });

  it("prices a REST API when asked (the design's choice)", () => {
    expect(costPerMillion(10, 512, PRICES.restApiPerMillionRequests).apiGateway).toBe(3.5);
  });
});

// What a million requests cost, from the durations the bench measures. AWS list prices for
// us-east-1 (x86, first pricing tier), as the pricing pages gave them when this file was written
// (2026-12): they change rarely, but check them before quoting a figure. The design
// (docs/architecture.md, "Costs") priced API Gateway as a REST API; we run an HTTP API.
export const PRICES = {
  asOf: "2026-12",
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000166667,
  httpApiPerMillionRequests: 1.0,
  restApiPerMillionRequests: 3.5,
} as const;

export type CostPerMillion = { lambdaCompute: number; lambdaRequests: number; apiGateway: number; total: number };

/**
 * The cost of one million requests of `durationMs` each on a function of `memoryMb`. Lambda bills
 * duration rounded up to the millisecond.
 */
export function costPerMillion(durationMs: number, memoryMb: number, apiPerMillion: number = PRICES.httpApiPerMillionRequests): CostPerMillion {
  const gbSeconds = (Math.ceil(durationMs) / 1000) * (memoryMb / 1024) * 1_000_000;
  const lambdaCompute = gbSeconds * PRICES.lambdaPerGbSecond;
  const lambdaRequests = PRICES.lambdaPerMillionRequests;
  return { lambdaCompute, lambdaRequests, apiGateway: apiPerMillion, total: lambdaCompute + lambdaRequests + apiPerMillion };
}

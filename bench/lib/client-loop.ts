// Closed-loop load from this process: `concurrency` clients, each sending its next request as soon
// as the previous one is answered, for `seconds`. Used for both sides of a comparison (the same
// client code, so the client's own cost is the same on both).
import { percentile } from "./stats";

export type LoopFigures = { requests: number; ok: number; failed: number; rps: number; p50: number; p99: number; statuses: Record<string, number> };

export async function runLoops(
  concurrency: number,
  seconds: number,
  send: (client: number, i: number) => Promise<Response>,
  isOk: (response: Response, body: string) => boolean = (response) => response.ok,
): Promise<LoopFigures> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t = performance.now();
        try {
          const response = await send(client, i);
          const body = await response.text();
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          if (isOk(response, body)) ok++;
          else failed++;
        } catch {
          statuses.error = (statuses.error ?? 0) + 1;
          failed++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, ok, failed, rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), statuses };
}

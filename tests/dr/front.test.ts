// The drill's front routes like Route 53 failover records: probes, threshold, TTL, no pinning, and
// adds CloudFront's headers. Two tiny HTTP servers stand for the regions.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Front } from "../../dr/drill/front";
import { freePort, sleep } from "../../dr/drill/drill-harness";

type Region = { server: Server; url: string; up: boolean; seen: IncomingHttpHeaders[] };
const regions: Region[] = [];
let front: Front | undefined;

async function region(name: string): Promise<Region> {
  const r: Region = { server: createServer(), url: "", up: true, seen: [] };
  r.server.on("request", (req, res) => {
    if (req.url === "/health") {
      res.writeHead(r.up ? 200 : 503).end(JSON.stringify({ status: r.up ? "ok" : "error", region: name }));
      return;
    }
    r.seen.push(req.headers);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ region: name }));
  });
  await new Promise<void>((resolve) => r.server.listen(0, "127.0.0.1", resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
  regions.push(r);
  return r;
}

async function start(ttlMs = 0) {
  const [a, b] = [await region("us-east-1"), await region("eu-west-1")];
  front = new Front({ regions: [{ name: "us-east-1", url: a.url }, { name: "eu-west-1", url: b.url }], intervalMs: 40, threshold: 3, ttlMs, healthPath: "/health", originVerify: "secret-verify" });
  const port = await freePort();
  await front.listen(port);
  return { a, b, url: `http://127.0.0.1:${port}` };
}

afterEach(async () => {
  await front?.close();
  for (const r of regions.splice(0)) await new Promise<void>((resolve) => r.server.close(() => resolve()));
});

/** Polls until `check` holds (probes run on timers: a loaded machine may be slow). */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not reached in time");
    await sleep(20);
  }
}

const servedBy = async (url: string) => ((await (await fetch(`${url}/v1/health`)).json()) as { region: string }).region;

describe("drill front (Route 53 failover + CloudFront, scaled down)", () => {
  it("serves the primary, moves to the secondary only after `threshold` failed probes, and back after as many good ones", async () => {
    const { a, url } = await start();
    expect(await servedBy(url)).toBe("us-east-1");
    const before = front?.state.get("us-east-1")?.probes ?? 0;
    a.up = false;
    await until(() => (front?.state.get("us-east-1")?.probes ?? 0) >= before + 1); // one failed probe: not yet
    expect(front?.resolve()).toBe("us-east-1");
    await until(() => front?.resolve() === "eu-west-1");
    expect(await servedBy(url)).toBe("eu-west-1");
    expect(front?.events.at(-1)).toMatchObject({ region: "us-east-1", healthy: false });
    expect(front?.state.get("us-east-1")?.probes).toBeGreaterThanOrEqual(3);
    a.up = true;
    await until(() => front?.resolve() === "us-east-1");
    expect(await servedBy(url)).toBe("us-east-1");
  });

  it("keeps an answer for the TTL, like a resolver", async () => {
    const { a, url } = await start(2_000);
    expect(await servedBy(url)).toBe("us-east-1");
    const answeredAt = Date.now();
    a.up = false;
    await until(() => front?.resolve() === "eu-west-1");
    if (Date.now() - answeredAt < 1_900) expect(await servedBy(url)).toBe("us-east-1"); // the cached answer
    await until(() => Date.now() - answeredAt > 2_050);
    expect(await servedBy(url)).toBe("eu-west-1");
  });

  it("a standby whose /health refuses (not the writer) never gets traffic: both unhealthy answers the primary; no pin exists", async () => {
    const { a, b, url } = await start();
    b.up = false; // the standby: its /health is 503 until it is promoted and named writer
    await until(() => front?.state.get("eu-west-1")?.healthy === false);
    a.up = false; // an in-region blip of the primary (or the region gone)
    await until(() => front?.state.get("us-east-1")?.healthy === false);
    expect(front?.resolve()).toBe("us-east-1");
    b.up = true; // promoted: traffic moves by itself
    await until(() => front?.state.get("eu-west-1")?.healthy === true);
    expect(await servedBy(url)).toBe("eu-west-1");
    expect((await fetch(`${url}/__front/pin`, { method: "POST", body: "{}" })).headers.get("x-served-by")).toBe("eu-west-1"); // proxied, not a control API
  });

  it("adds CloudFront's headers: X-Origin-Verify and the viewer's address (never the client's own CloudFront-Viewer-Address)", async () => {
    const { a, url } = await start();
    await fetch(`${url}/x`, { headers: { "x-drill-viewer-address": "198.51.100.7:4000", "cloudfront-viewer-address": "203.0.113.1:1" } });
    expect(a.seen.at(-1)).toMatchObject({ "x-origin-verify": "secret-verify", "cloudfront-viewer-address": "198.51.100.7:4000" });
    expect(a.seen.at(-1)?.["x-drill-viewer-address"]).toBeUndefined();
  });
});

// The drill's inter-region link (dr/drill/net.ts LatencyLink): it delays each direction by the
// configured time, and a region failure (cut) drops the bytes still in flight instead of
// delivering them later, so the async drill's measured loss is not hidden by the emulation.
import { createServer, createConnection, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { LatencyLink } from "../../dr/drill/net";
import { freePort, sleep } from "../../dr/drill/drill-harness";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function echoServer(received: Buffer[]): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", (chunk: Buffer) => {
      received.push(chunk);
      socket.write(chunk);
    });
    socket.on("error", () => {});
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return port;
}

describe("drill link (50 ms one way)", () => {
  it("delays a round trip by about twice the one-way delay", async () => {
    const received: Buffer[] = [];
    const link = new LatencyLink({ host: "127.0.0.1", port: await echoServer(received) }, 50);
    const port = await freePort();
    await link.listen(port);
    closers.push(() => link.close());
    const client = createConnection({ host: "127.0.0.1", port });
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    const started = performance.now();
    const echoed = new Promise<void>((resolve) => client.once("data", () => resolve()));
    client.write("ping");
    await echoed;
    const rtt = performance.now() - started;
    client.destroy();
    expect(rtt).toBeGreaterThanOrEqual(95);
    expect(rtt).toBeLessThan(1_000);
  });

  it("a cut drops what is in flight: it never arrives, and new connections are refused", async () => {
    const received: Buffer[] = [];
    const link = new LatencyLink({ host: "127.0.0.1", port: await echoServer(received) }, 200);
    const port = await freePort();
    await link.listen(port);
    closers.push(() => link.close());
    const client = createConnection({ host: "127.0.0.1", port });
    client.on("error", () => {});
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    client.write("lost with the region");
    await sleep(50);
    link.cut();
    await sleep(300);
    expect(received).toEqual([]);
    expect(link.dropped).toBeGreaterThanOrEqual(1);
    const again = createConnection({ host: "127.0.0.1", port });
    const closed = await new Promise<string>((resolve) => {
      again.on("error", () => resolve("error"));
      again.on("close", () => resolve("closed"));
      again.on("data", () => resolve("data"));
    });
    expect(closed).not.toBe("data");
  });
});

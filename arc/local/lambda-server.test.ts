import { Agent, createServer, get } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { stopServing } from "./lambda-server";

/** One GET over `agent`; resolves with the Connection header the server answered with. */
function poll(port: number, agent: Agent): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    get({ port, host: "127.0.0.1", path: "/", agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.headers.connection));
    }).on("error", reject);
  });
}

describe("stopServing", () => {
  it("closes even while a keep-alive client keeps polling (a busy connection does not keep it open)", async () => {
    const server = createServer((_request, response) => setTimeout(() => response.end("ok"), 20));
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answers: Array<string | undefined> = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          answers.push(await poll(port, agent));
        } catch {
          return; // refused: the server is gone
        }
      }
    })();
    while (answers.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    // Stop while a request is in flight on the kept-alive connection.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const stopped = stopServing(server, 60_000);
    const outcome = await Promise.race([stopped.then(() => "closed"), new Promise((resolve) => setTimeout(() => resolve("still open"), 2_000))]);
    polling = false;
    await poller;
    agent.destroy();
    expect(outcome).toBe("closed");
    expect(answers.at(-1)).toBe("close");
  });

  it("cuts what is still open after the grace period", async () => {
    const server = createServer(() => {
      // never answers: a request stuck past the Lambda timeout
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const stuck = new Promise((resolve) => get({ port, host: "127.0.0.1", path: "/" }).on("error", resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await stopServing(server, 100);
    expect(await stuck).toBeInstanceOf(Error);
  });
});

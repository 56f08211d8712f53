// scripts/smoke.ts (npm run smoke -- URL) against tiny local stand-ins for the app.
import { execFile } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot } from "./hcl";
import { normalizeBaseUrl, runSmoke } from "../../scripts/smoke";

const run = promisify(execFile);

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const servers: Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => handler(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((resolve) => s.close(resolve));
    }),
  );
});

const send = (res: ServerResponse, status: number, type: string, body: string) => {
  res.writeHead(status, { "content-type": type });
  res.end(body);
};

/** Answers as the app does. */
const healthyApp: Handler = (req, body, res) => {
  if (req.method === "GET" && (req.url === "/health" || req.url === "/v1/health")) return send(res, 200, "application/json", JSON.stringify({ status: "ok", region: "local" }));
  if (req.method === "GET" && req.url === "/") return send(res, 200, "text/html; charset=utf-8", "<!doctype html><title>CalcApp</title><main>Calculator</main>");
  if (req.method === "POST" && req.url === "/v1/calculate") {
    const { expression } = JSON.parse(body) as { expression: string };
    if (expression === "0.1+0.2") return send(res, 200, "application/json", JSON.stringify({ result: "0.3" }));
    return send(res, 400, "application/json", JSON.stringify({ error: "Malformed expression" }));
  }
  send(res, 404, "text/plain", "not found");
};

/** Floats instead of decimals, a broken health check and no 400 for bad input. */
const brokenApp: Handler = (req, _body, res) => {
  if (req.url === "/health") return send(res, 503, "text/plain", "down");
  if (req.url === "/v1/health") return send(res, 200, "text/html", "<p>ok</p>");
  if (req.url === "/") return send(res, 200, "text/html", "<p>Welcome</p>");
  if (req.url === "/v1/calculate") return send(res, 200, "application/json", JSON.stringify({ result: "0.30000000000000004" }));
  send(res, 404, "text/plain", "not found");
};

const quiet = { log: () => {}, retries: 0, timeoutMs: 2_000 };

describe("smoke test", () => {
  it("passes every check against a healthy app", async () => {
    const lines: string[] = [];
    const results = await runSmoke(await serve(healthyApp), { ...quiet, log: (line) => lines.push(line) });
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ["GET /health", true],
      ["GET /v1/health", true],
      ["GET /", true],
      ["POST /v1/calculate 0.1+0.2", true],
      ["POST /v1/calculate (bad expression)", true],
    ]);
    // Each check is printed with its timing.
    expect(lines.filter((line) => /^ {2}PASS .* \d+ ms /.test(line))).toHaveLength(5);
    expect(lines.at(-1)).toBe("5/5 checks passed");
  });

  it("reports each broken behaviour", async () => {
    const results = await runSmoke(await serve(brokenApp), quiet);
    const failures = Object.fromEntries(results.filter((r) => !r.ok).map((r) => [r.name, r.detail]));
    expect(Object.keys(failures)).toEqual(["GET /health", "GET /v1/health", "GET /", "POST /v1/calculate 0.1+0.2", "POST /v1/calculate (bad expression)"]);
    expect(failures["GET /health"]).toContain("expected HTTP 200, got 503");
    expect(failures["GET /v1/health"]).toContain("expected a JSON object");
    expect(failures["GET /"]).toContain("does not contain the calculator");
    expect(failures["POST /v1/calculate 0.1+0.2"]).toContain("0.30000000000000004");
    expect(failures["POST /v1/calculate (bad expression)"]).toContain("expected HTTP 400, got 200");
  });

  it("times out a request that never answers", async () => {
    const url = await serve(() => {
      /* never responds */
    });
    const started = Date.now();
    const results = await runSmoke(url, { ...quiet, timeoutMs: 200 });
    expect(results.every((r) => !r.ok && r.detail.includes("no answer within 200 ms"))).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("retries a check that meets a 5xx (a cold, freshly switched alias), not one that gets a wrong answer", async () => {
    let healthCalls = 0;
    const url = await serve((req, body, res) => {
      if (req.url === "/health" && ++healthCalls === 1) return send(res, 502, "text/plain", "bad gateway");
      healthyApp(req, body, res);
    });
    const results = await runSmoke(url, { ...quiet, retries: 2, retryDelayMs: 10 });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(healthCalls).toBe(2);
  });

  it("normalises the base URL and refuses what is not one", () => {
    expect(normalizeBaseUrl("https://app.calcapp.com/")).toBe("https://app.calcapp.com");
    expect(normalizeBaseUrl("http://localhost:3000/base//")).toBe("http://localhost:3000/base");
    expect(() => normalizeBaseUrl("app.calcapp.com")).toThrow(/Not a URL/);
    expect(() => normalizeBaseUrl("ftp://app.calcapp.com")).toThrow(/http/);
  });

  describe("npm run smoke -- URL (the command the workflows run)", () => {
    const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
    const smoke = join(repoRoot, "scripts", "smoke.ts");

    it("exits 0 when every check passes", async () => {
      const { stdout } = await run(tsx, [smoke, await serve(healthyApp), "--retries", "0"], { cwd: repoRoot });
      expect(stdout).toContain("5/5 checks passed");
    }, 30_000);

    it("exits 1 when a check fails", async () => {
      const failure = await run(tsx, [smoke, await serve(brokenApp), "--retries", "0", "--timeout", "2000"], { cwd: repoRoot }).then(
        () => undefined,
        (error: { code?: number; stdout?: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stdout).toContain("FAIL");
      expect(failure?.stdout).toContain("0/5 checks passed");
    }, 30_000);
  });
});

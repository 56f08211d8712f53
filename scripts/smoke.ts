// `npm run smoke -- URL`: the smoke test the deploy workflow runs after moving the live aliases
// (and that works against the local sandbox: `npm run smoke -- http://localhost:3000`).
// Plain fetch, a timeout per request, every check printed with its timing; exits 1 when any
// check fails.
//
//   --timeout <ms>   per request (default 10000; env SMOKE_TIMEOUT_MS)
//   --retries <n>    retries of a check that fails on a network error or a 5xx (default 2: a
//                    freshly switched alias may answer its first requests cold)

export type CheckResult = { name: string; ok: boolean; detail: string; ms: number };

export type SmokeOptions = {
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  log?: (line: string) => void;
};

type Response = { status: number; contentType: string; body: string };

class CheckFailure extends Error {
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

async function request(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  let response: globalThis.Response;
  try {
    response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : String((error as Error).cause ?? error);
    throw new CheckFailure(`request failed: ${cause}`, true);
  }
  const body = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", body };
}

function expectStatus(res: Response, status: number): void {
  if (res.status !== status) {
    throw new CheckFailure(`expected HTTP ${status}, got ${res.status}: ${res.body.slice(0, 200)}`, res.status >= 500);
  }
}

function json(res: Response): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(res.body);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new CheckFailure(`expected a JSON object, got ${res.contentType || "no content type"}: ${res.body.slice(0, 200)}`);
}

const calculate = (base: string, expression: string, timeoutMs: number) =>
  request(
    `${base}/v1/calculate`,
    {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ expression }),
    },
    timeoutMs,
  );

type Check = { name: string; run: (base: string, timeoutMs: number) => Promise<string> };

const healthCheck = (path: string): Check => ({
  name: `GET ${path}`,
  async run(base, timeoutMs) {
    const res = await request(`${base}${path}`, { headers: { accept: "application/json" } }, timeoutMs);
    expectStatus(res, 200);
    const body = json(res);
    if (typeof body.status !== "string") throw new CheckFailure(`no "status" in ${res.body.slice(0, 200)}`);
    return `200, status "${body.status}"`;
  },
});

export const checks: Check[] = [
  healthCheck("/health"),
  healthCheck("/v1/health"),
  {
    name: "GET /",
    async run(base, timeoutMs) {
      const res = await request(`${base}/`, { headers: { accept: "text/html" } }, timeoutMs);
      expectStatus(res, 200);
      if (!res.contentType.includes("text/html")) throw new CheckFailure(`expected HTML, got ${res.contentType || "no content type"}`);
      if (!/calculator/i.test(res.body)) throw new CheckFailure("the page does not contain the calculator");
      return `200, HTML with the calculator (${res.body.length} bytes)`;
    },
  },
  {
    name: "POST /v1/calculate 0.1+0.2",
    async run(base, timeoutMs) {
      const res = await calculate(base, "0.1+0.2", timeoutMs);
      expectStatus(res, 200);
      const body = json(res);
      if (body.result !== "0.3") throw new CheckFailure(`expected {"result":"0.3"}, got ${res.body.slice(0, 200)}`);
      return `200, result "0.3"`;
    },
  },
  {
    name: "POST /v1/calculate (bad expression)",
    async run(base, timeoutMs) {
      const res = await calculate(base, "1 + abc", timeoutMs);
      expectStatus(res, 400);
      const body = json(res);
      if (typeof body.error !== "string" || body.error.length === 0) throw new CheckFailure(`expected {"error": "..."}, got ${res.body.slice(0, 200)}`);
      return `400, error "${body.error}"`;
    },
  },
];

export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`Not a URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`Not an http(s) URL: ${raw}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

export async function runSmoke(rawBaseUrl: string, options: SmokeOptions = {}): Promise<CheckResult[]> {
  const { timeoutMs = 10_000, retries = 2, retryDelayMs = 2_000, log = console.log } = options;
  const base = normalizeBaseUrl(rawBaseUrl);
  log(`smoke tests against ${base}`);
  const results: CheckResult[] = [];
  for (const check of checks) {
    const started = performance.now();
    let result: CheckResult | undefined;
    for (let attempt = 0; !result; attempt++) {
      try {
        const detail = await check.run(base, timeoutMs);
        result = { name: check.name, ok: true, detail, ms: performance.now() - started };
      } catch (error) {
        const retryable = error instanceof CheckFailure && error.retryable;
        if (retryable && attempt < retries) {
          await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
          continue;
        }
        const detail = error instanceof Error ? error.message : String(error);
        result = { name: check.name, ok: false, detail: attempt > 0 ? `${detail} (after ${attempt + 1} attempts)` : detail, ms: performance.now() - started };
      }
    }
    results.push(result);
    log(`  ${result.ok ? "PASS" : "FAIL"}  ${result.name.padEnd(38)} ${String(Math.round(result.ms)).padStart(6)} ms  ${result.detail}`);
  }
  const passed = results.filter((r) => r.ok).length;
  log(`${passed}/${results.length} checks passed`);
  return results;
}

function parseArgs(argv: string[]): { url: string; timeoutMs: number; retries: number } {
  let url: string | undefined;
  let timeoutMs = Number(process.env.SMOKE_TIMEOUT_MS ?? 10_000);
  let retries = 2;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--timeout") timeoutMs = Number(argv[++i]);
    else if (arg === "--retries") retries = Number(argv[++i]);
    else if (!arg.startsWith("--") && !url) url = arg;
    else throw new Error(`Unknown argument: ${arg}`);
  }
  if (!url) throw new Error("Usage: npm run smoke -- <base URL> [--timeout ms] [--retries n]");
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error("--timeout must be a positive number of milliseconds");
  if (!Number.isInteger(retries) || retries < 0) throw new Error("--retries must be a whole number");
  return { url, timeoutMs, retries };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { url, timeoutMs, retries } = parseArgs(process.argv.slice(2));
    const results = await runSmoke(url, { timeoutMs, retries });
    process.exit(results.every((r) => r.ok) ? 0 : 1);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
}

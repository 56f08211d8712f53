// `npm run bench` (and `npm run bench:api` alone): the JSON API with a bearer token. Through
// `npm start` (the packaged Lambdas served warm) on the real PostgreSQL and Redis, loopback only:
// GET /v1/history (history Lambda: verify the JWT, the token's family in Redis, the user and the
// plan in PostgreSQL, one page of 25) and GET / (calculator Lambda, a guest's SSR page) on the same
// server, in the same run, with the same client (autocannon, 50 connections). Target: /v1/history
// requests/s >= 0.8 x GET /. The per-account API limit (300 a minute) is raised with
// RATE_LIMIT_MULTIPLIER: one token is 50 clients here, which the limit exists to stop.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../arc/app-map";
import { packageAll } from "../arc/tooling/package-lambdas";
import { deleteKeysWithPrefix } from "../tests/support/redis-keys";
import { startSesFake } from "../tests/support/ses-fake/server";
import { createBenchDatabase } from "./lib/database";
import { loadHttp, stopServer, waitForHttp, type LoadFigures } from "./lib/load";
import { fmt } from "./lib/stats";

export type ApiBenchOptions = { build?: boolean; seconds?: number; connections?: number; port?: number };
export type ApiBenchResult = { connections: number; seconds: number; history: LoadFigures; getIndex: LoadFigures; ratio: number; pass: boolean };

const PASSWORD = "bench correct horse battery staple";

export async function runApiBench(options: ApiBenchOptions = {}): Promise<ApiBenchResult> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 10);
  const connections = options.connections ?? 50;
  const port = options.port ?? 3921;
  const base = `http://127.0.0.1:${port}`;
  if (options.build ?? true) {
    console.log("== build and package");
    execFileSync(join(repoRoot, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
    await packageAll();
  }
  const database = await createBenchDatabase("calcapp_bench_api");
  const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
  const keyPrefix = `calcapp:bench-api:${Date.now()}:`;
  // Sign-up mails a confirmation link: to the loopback SES stand-in, as in the e2e tests.
  const mail = await startSesFake();
  const server = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "arc", "local", "serve-lambdas.ts")], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: keyPrefix,
      SESSION_SECRET: randomBytes(48).toString("base64"),
      SES_ENDPOINT: mail.url,
      JWT_SIGNING_KEYS: `bench-1:${randomBytes(48).toString("base64url")}`,
      RATE_LIMIT_MULTIPLIER: "9999",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForHttp(`${base}/`, 60_000);
    const email = `bench-api-${Date.now()}@example.com`;
    const signup = await fetch(`${base}/signup`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: new URLSearchParams({ email, password: PASSWORD }),
    });
    // Sign-up answers "check your inbox" without a session; the token endpoint takes the account at once.
    if (signup.status !== 200) throw new Error(`sign-up answered ${signup.status}`);
    const tokenAnswer = await fetch(`${base}/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (tokenAnswer.status !== 200) throw new Error(`POST /v1/auth/token answered ${tokenAnswer.status}: ${await tokenAnswer.text()}`);
    const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
    const authorization = `Bearer ${token}`;
    for (let i = 0; i < 30; i++) {
      const saved = await fetch(`${base}/v1/history`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify({ expression: `${i} × 3 + 0.1` }),
      });
      if (saved.status !== 201) throw new Error(`POST /v1/history answered ${saved.status}`);
    }
    // Warm both Lambdas first.
    await loadHttp(`${base}/v1/history`, connections, 1, { headers: { authorization } });
    await loadHttp(`${base}/`, connections, 1);

    console.log(`\n== GET /v1/history (bearer) and GET / at ${connections} concurrent, ${seconds} s each, same npm start (loopback)`);
    const history = await loadHttp(`${base}/v1/history`, connections, seconds, { headers: { authorization } });
    const getIndex = await loadHttp(`${base}/`, connections, seconds);
    const ratio = history.rps / getIndex.rps;
    const show = (label: string, f: LoadFigures) =>
      console.log(`${label.padEnd(26)} ${fmt(f.rps, 0).padStart(7)} req/s   p50 ${fmt(f.p50).padStart(6)} ms   p99 ${fmt(f.p99).padStart(6)} ms   errors ${f.errors + f.non2xx}`);
    show("GET /v1/history (bearer)", history);
    show("GET / (guest page)", getIndex);
    const pass = ratio >= 0.8 && history.errors + history.non2xx === 0;
    console.log(`/v1/history ÷ GET / req/s  ${fmt(ratio, 2)} (target ≥ 0.8) ${pass ? "PASS" : "FAIL"}`);
    return { connections, seconds, history, getIndex, ratio, pass };
  } finally {
    await stopServer(server);
    await Promise.allSettled([database.drop(), deleteKeysWithPrefix(redisUrl, keyPrefix), mail.close()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runApiBench({ build: process.env.BENCH_BUILD !== "0" });
  mkdirSync(join(repoRoot, "bench", "results"), { recursive: true });
  writeFileSync(join(repoRoot, "bench", "results", "api.json"), JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2));
  console.log("\nwrote bench/results/api.json");
  process.exit(result.pass ? 0 : 1);
}

// `npm run bench:history`: signed-in users pressing "=" concurrently, through `npm start` (the
// packaged Lambdas served warm, WEB_CONCURRENCY instances at once, as concurrent Lambda
// containers would be) on the real PostgreSQL, loopback only. Measures saves per second and p99
// through the real save endpoint (POST /history/save), rows acknowledged against rows in the
// table (must be equal), the most database connections seen, and GET / on the same server in the
// same run, with the same client code. Target: saves/s >= 0.5 x GET / requests/s, 0 rows lost.
//
// Sign-ups go through POST /signup then POST /login like a browser's. The server trusts CloudFront-Viewer-Address
// (ORIGIN_VERIFY_SECRET), so each user signs up from an address of their own, as real users do,
// instead of 50 sign-ups from 127.0.0.1 hitting the 5-per-hour limit.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { repoRoot } from "../arc/app-map";
import { packageAll } from "../arc/tooling/package-lambdas";
import { deleteKeysWithPrefix } from "../tests/support/redis-keys";
import { startSesFake } from "../tests/support/ses-fake/server";
import { runLoops, type LoopFigures } from "./lib/client-loop";
import { ADMIN_URL, createBenchDatabase, watchConnections } from "./lib/database";
import { stopServer, waitForHttp } from "./lib/load";
import { fmt } from "./lib/stats";

export type HistoryBenchOptions = { build?: boolean; users?: number; seconds?: number; instances?: number; port?: number };

export type HistoryBenchResult = {
  instances: number;
  users: number;
  seconds: number;
  saves: LoopFigures;
  getIndex: LoopFigures;
  acknowledged: number;
  rowsInTable: number;
  lost: number;
  maxConnections: number;
  ratio: number;
  pass: boolean;
};

const PASSWORD = "bench correct horse battery staple";

export async function runHistoryBench(options: HistoryBenchOptions = {}): Promise<HistoryBenchResult> {
  const users = options.users ?? Number(process.env.BENCH_USERS ?? 50);
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 10);
  const instances = options.instances ?? Number(process.env.WEB_CONCURRENCY ?? 4);
  const port = options.port ?? 3911;
  const base = `http://127.0.0.1:${port}`;

  if (options.build ?? true) {
    console.log("== build and package");
    execFileSync(join(repoRoot, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
    await packageAll();
  }

  const database = await createBenchDatabase("calcapp_bench");
  const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
  const keyPrefix = `calcapp:bench:${Date.now()}:`;
  const originSecret = randomBytes(24).toString("base64url");
  // Sign-up mails a confirmation link: to the loopback SES stand-in, as in the e2e tests.
  const mail = await startSesFake();
  const server = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "arc", "local", "serve-lambdas.ts")], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: "127.0.0.1",
      WEB_CONCURRENCY: String(instances),
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: keyPrefix,
      SESSION_SECRET: randomBytes(48).toString("base64"),
      SES_ENDPOINT: mail.url,
      ORIGIN_VERIFY_SECRET: originSecret,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      // Per-process pool size (default 10 off Lambda); DATABASE_POOL_MAX=2 is a Lambda container's.
      ...(process.env.DATABASE_POOL_MAX ? { DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX } : {}),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForHttp(`${base}/health`, 60_000);
    console.log(`\n== npm start: ${instances} instances on ${base}, database ${database.name}`);

    // What CloudFront adds to every request: the origin secret (without it the Lambdas answer 403)
    // and the viewer's address, one per user.
    const viaCloudFront = (n: number) => ({
      "cloudfront-viewer-address": `10.77.${Math.floor(n / 250)}.${(n % 250) + 1}:40000`,
      "x-origin-verify": originSecret,
    });

    // Sign up, each user from an address of their own.
    const cookies: string[] = [];
    for (let i = 0; i < users; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, users - i) }, async (_, j) => {
          const n = i + j;
          const email = `bench-${n}-${Date.now()}@example.com`;
          const post = (path: string) =>
            fetch(`${base}${path}`, {
              method: "POST",
              redirect: "manual",
              headers: {
                "content-type": "application/x-www-form-urlencoded",
                origin: base,
                ...viaCloudFront(n),
              },
              body: new URLSearchParams({ email, password: PASSWORD }),
            });
          // Sign-up answers "check your inbox" without a session; the new account logs in at once.
          const signup = await post("/signup");
          if (signup.status !== 200) throw new Error(`sign-up ${n} answered ${signup.status}: ${await signup.text()}`);
          const response = await post("/login");
          const cookie = response.headers.getSetCookie().find((line) => line.startsWith("__session="))?.split(";")[0];
          if (response.status !== 302 || !cookie) throw new Error(`login ${n} answered ${response.status}: ${await response.text()}`);
          return cookie;
        }),
      );
      cookies.push(...batch);
    }
    console.log(`signed up ${cookies.length} users`);

    // Warm every instance's history and calculator Lambdas (and their pools) first.
    await runLoops(users, 1, (client, i) => save(client, i), () => true);
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    await pool.query("TRUNCATE calculation_history");

    function save(client: number, i: number): Promise<Response> {
      return fetch(`${base}/history/save`, {
        method: "POST",
        headers: { ...viaCloudFront(client), "content-type": "application/x-www-form-urlencoded", origin: base, cookie: cookies[client] as string },
        body: new URLSearchParams({ expression: `${client} + ${i} × 2`, input: i % 3 ? "keypad" : "typed" }),
      });
    }

    console.log(`\n== ${users} signed-in clients pressing = for ${seconds} s, then GET / for ${seconds} s (loopback)`);
    const connections = watchConnections(ADMIN_URL, database.name);
    const saves = await runLoops(users, seconds, save, (response, body) => response.status === 201 && body.includes('"saved":"history"'));
    const maxConnections = await connections.stop();
    const getIndex = await runLoops(users, seconds, (client) => fetch(`${base}/`, { headers: viaCloudFront(client) }));

    const rowsInTable = Number((await pool.query<{ n: string }>("SELECT count(*) AS n FROM calculation_history")).rows[0]?.n ?? 0);
    await pool.end();
    const acknowledged = saves.ok;
    const ratio = saves.rps / getIndex.rps;
    const result: HistoryBenchResult = {
      instances,
      users,
      seconds,
      saves,
      getIndex,
      acknowledged,
      rowsInTable,
      lost: acknowledged - rowsInTable,
      maxConnections,
      ratio,
      pass: ratio >= 0.5 && acknowledged === rowsInTable && saves.failed === 0 && getIndex.failed === 0,
    };
    const line = (label: string, f: LoopFigures) =>
      console.log(`${label.padEnd(24)} ${fmt(f.rps, 0).padStart(7)} req/s   p50 ${fmt(f.p50).padStart(6)} ms   p99 ${fmt(f.p99).padStart(6)} ms   failed ${f.failed}   ${JSON.stringify(f.statuses)}`);
    line("POST /history/save", saves);
    line("GET / (same server)", getIndex);
    console.log(`saves/s ÷ GET / req/s   ${fmt(ratio, 2)} (target ≥ 0.5)`);
    console.log(`rows acknowledged       ${acknowledged}`);
    console.log(`rows in the table       ${rowsInTable} (${acknowledged === rowsInTable ? "equal: 0 lost" : `${acknowledged - rowsInTable} LOST`})`);
    console.log(`max DB connections seen ${maxConnections} (${instances} instances)`);
    console.log(result.pass ? "PASS" : "FAIL");
    return result;
  } finally {
    await stopServer(server);
    await Promise.allSettled([database.drop(), deleteKeysWithPrefix(redisUrl, keyPrefix), mail.close()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runHistoryBench({ build: process.env.BENCH_BUILD !== "0" });
  mkdirSync(join(repoRoot, "bench", "results"), { recursive: true });
  writeFileSync(join(repoRoot, "bench", "results", "history.json"), JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2));
  console.log("\nwrote bench/results/history.json");
  process.exit(result.pass ? 0 : 1);
}

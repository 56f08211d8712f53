// `npm run bench`: the walking skeleton's figures. Builds and packages first, then measures
// (loopback only) and prints; the JSON lands in bench/results/ (git-ignored).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { matchRoute, readArcMap, repoRoot } from "../arc/app-map";
import { routeKey } from "../arc/local/api-gateway";
import { bundleLambda } from "../arc/tooling/lambda-bundle";
import { packageAll } from "../arc/tooling/package-lambdas";
import { clientJsBytes } from "./lib/client-js";
import { costPerMillion, PRICES } from "./lib/cost";
import { measureColdStarts } from "./lib/cold-start";
import { benchEnv } from "./lib/env";
import { runHistoryBench } from "./history";
import { runApiBench } from "./api";
import { getEvent } from "./lib/event";
import { loadHttp, loadInProcess, startServer, stopServer, type LoadFigures } from "./lib/load";
import { fmt } from "./lib/stats";

const runs = Number(process.env.BENCH_COLD_RUNS ?? 15);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 50;
const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name);
const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;
const results: Record<string, unknown> = { date: new Date().toISOString() };

console.log("== build and package");
execFileSync(bin("remix"), ["vite:build"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
const packaged = await packageAll();

const map = readArcMap();
const pageFor: Record<string, string> = { calculator: "/", auth: "/login", history: "/history", billing: "/billing" };
const httpFunctions = map.functions.filter((fn) => fn.kind === "http" && pageFor[fn.name]);
for (const fn of httpFunctions) {
  await bundleLambda(fn, "unbundled", join(repoRoot, "build", "unbundled", fn.name, "index.mjs"));
}

console.log("\n== Lambda packages");
for (const p of packaged) console.log(`${p.name.padEnd(12)} zip ${kb(p.bytes).padStart(10)}  (index.mjs ${kb(p.bundleBytes)})`);
results.packages = packaged.map(({ name, bytes, bundleBytes }) => ({ name, zipBytes: bytes, bundleBytes }));

console.log(`\n== cold start: fresh node, load handler, answer one GET as a guest (median of ${runs}, net of node -e 0)`);
const variants = httpFunctions.flatMap((fn) => {
  const path = pageFor[fn.name] as string;
  const route = matchRoute(map.routes, "GET", path);
  if (!route) throw new Error(`no route for ${path}`);
  const eventJson = JSON.stringify(getEvent(path, routeKey(route)));
  return [
    { label: `${fn.name} bundled`, handlerFile: join(repoRoot, "lambda-packages", fn.name, "index.mjs"), eventJson },
    { label: `${fn.name} unbundled`, handlerFile: join(repoRoot, "build", "unbundled", fn.name, "index.mjs"), eventJson },
  ];
});
const cold = measureColdStarts(variants, runs);
console.log(`node -e 0 baseline: ${fmt(cold.baselineMs)} ms`);
const coldFigures: Record<string, unknown> = {};
for (const fn of httpFunctions) {
  const bundled = cold.results.get(`${fn.name} bundled`) as number;
  const unbundled = cold.results.get(`${fn.name} unbundled`) as number;
  console.log(`${fn.name.padEnd(12)} bundled ${fmt(bundled).padStart(7)} ms   unbundled ${fmt(unbundled).padStart(7)} ms   ratio ${fmt(bundled / unbundled, 2)}`);
  coldFigures[fn.name] = { bundledMs: bundled, unbundledMs: unbundled, ratio: bundled / unbundled };
}
results.coldStart = { baselineMs: cold.baselineMs, ...coldFigures };

console.log(`\n== warm SSR of GET / at ${connections} concurrent, ${seconds} s each (loopback)`);
const show = (label: string, f: LoadFigures) =>
  console.log(`${label.padEnd(34)} ${fmt(f.rps, 0).padStart(7)} req/s   p50 ${fmt(f.p50).padStart(6)} ms   p99 ${fmt(f.p99).padStart(6)} ms   errors ${f.errors + f.non2xx}`);
// Read by the handler at its cold start, i.e. this import. In-process, a JSON line per request would
// land in this terminal and measure it; the HTTP servers below keep the default level (remix-serve
// logs every request too).
Object.assign(process.env, benchEnv, { LOG_LEVEL: "warn" });
const { handler } = (await import(pathToFileURL(join(repoRoot, "lambda-packages", "calculator", "index.mjs")).href)) as {
  handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
};
const indexEvent = getEvent("/", "ANY /{proxy+}");
const inProcess = await loadInProcess(async () => {
  const response = await handler(indexEvent);
  if (response.statusCode !== 200) throw new Error(String(response.statusCode));
}, connections, seconds);
show("handler in-process", inProcess);

const port = 3901;
// Ready when a guest's page answers (/health now asks the database, which a guest never needs).
const lambdaServer = await startServer(process.execPath, ["--import", "tsx", join(repoRoot, "arc", "local", "serve-lambdas.ts")], { PORT: String(port), ...benchEnv }, `http://127.0.0.1:${port}/`);
const npmStart = await loadHttp(`http://127.0.0.1:${port}/`, connections, seconds);
await stopServer(lambdaServer);
show("npm start (packaged Lambdas)", npmStart);

const servePort = 3902;
const remixServe = await startServer(
  bin("remix-serve"),
  [join(repoRoot, "build", "server", "calculator", "index.js")],
  { PORT: String(servePort), HOST: "127.0.0.1", NODE_ENV: "production" },
  `http://127.0.0.1:${servePort}/`,
);
const serveFigures = await loadHttp(`http://127.0.0.1:${servePort}/`, connections, seconds);
show("@remix-run/serve (same build)", serveFigures);
console.log(`npm start / remix-serve requests/s: ${fmt(npmStart.rps / serveFigures.rps, 2)}`);
results.warmSsr = { inProcess, npmStart, remixServe: serveFigures, ratio: npmStart.rps / serveFigures.rps };

console.log(`\n== cost per million requests at ${map.memory} MB (warm in-process duration of each Lambda's page, AWS us-east-1 list prices of ${PRICES.asOf})`);
const memoryMb = map.memory;
const costs: Record<string, unknown> = {};
for (const fn of httpFunctions) {
  const mod = (await import(pathToFileURL(join(repoRoot, "lambda-packages", fn.name, "index.mjs")).href)) as {
    handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  };
  const path = pageFor[fn.name] as string;
  const route = matchRoute(map.routes, "GET", path);
  const event = getEvent(path, route ? routeKey(route) : "ANY /{proxy+}");
  for (let i = 0; i < 20; i++) await mod.handler(event);
  const durations: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await mod.handler(event);
    durations.push(performance.now() - t);
  }
  const meanMs = durations.reduce((a, b) => a + b, 0) / durations.length;
  const ours = costPerMillion(meanMs, memoryMb);
  const design = costPerMillion(meanMs, memoryMb, PRICES.restApiPerMillionRequests);
  console.log(
    `${fn.name.padEnd(12)} GET ${path.padEnd(9)} ${fmt(meanMs).padStart(6)} ms   $${fmt(ours.total, 2)} per million (Lambda $${fmt(ours.lambdaCompute + ours.lambdaRequests, 2)} + HTTP API $${fmt(ours.apiGateway, 2)})   design (REST API): $${fmt(design.total, 2)}`,
  );
  costs[fn.name] = { path, meanMs, httpApi: ours, designRestApi: design };
}
results.costPerMillion = { prices: PRICES, memoryMb, functions: costs };

console.log("\n== client JavaScript of a page (gzip -9)");
const calculatorHtml = await (await fetch(`http://127.0.0.1:${servePort}/`)).text();
await stopServer(remixServe);
const calculatorJs = clientJsBytes(calculatorHtml, join(repoRoot, "build", "client"), "/_static/");

const bareRoot = join(repoRoot, "bench", "fixtures", "bare");
execFileSync(bin("remix"), ["vite:build", "--config", join(bareRoot, "vite.config.ts")], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
const barePort = 3903;
const bareServe = await startServer(bin("remix-serve"), [join(bareRoot, "build", "server", "index.js")], { PORT: String(barePort), HOST: "127.0.0.1", NODE_ENV: "production" }, `http://127.0.0.1:${barePort}/`);
const bareHtml = await (await fetch(`http://127.0.0.1:${barePort}/`)).text();
await stopServer(bareServe);
const bareJs = clientJsBytes(bareHtml, join(bareRoot, "build", "client"), "/_static/");
console.log(`calculator page   ${kb(calculatorJs.gzip).padStart(10)} gzip in ${calculatorJs.files} files (${kb(calculatorJs.raw)} raw)`);
console.log(`bare Remix page   ${kb(bareJs.gzip).padStart(10)} gzip in ${bareJs.files} files (${kb(bareJs.raw)} raw)`);
console.log(`difference        ${kb(calculatorJs.gzip - bareJs.gzip).padStart(10)} gzip (target ≤ 30 KB)`);
results.clientJs = { calculator: calculatorJs, bare: bareJs, extraGzipBytes: calculatorJs.gzip - bareJs.gzip };

console.log("\n== history saves (bench/history.ts; npm run bench:history alone)");
results.history = await runHistoryBench({ build: false });

console.log("\n== the JSON API with a bearer token (bench/api.ts; npm run bench:api alone)");
results.api = await runApiBench({ build: false });

mkdirSync(join(repoRoot, "bench", "results"), { recursive: true });
writeFileSync(join(repoRoot, "bench", "results", "skeleton.json"), JSON.stringify(results, null, 2));
console.log("\nwrote bench/results/skeleton.json");
process.exit(0);

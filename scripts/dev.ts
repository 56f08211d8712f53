// `npm run dev`: arc sandbox on http://localhost:3000 serving the Remix build, rebuilt on every
// change under app/ or arc/. Sandbox starts a fresh process per request, so a rebuild is live on
// the next request with no restart. The dev store and the embedded database start first
// (scripts/dev-services.ts), so sign-up works on a fresh clone with no .env.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { watch } from "chokidar";
import { repoRoot } from "../arc/app-map";
import { startDevServices } from "./dev-services";
import { bundleDevHandlers } from "../arc/tooling/lambda-bundle";

const port = process.env.PORT ?? "3000";
const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name);

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
    child.on("error", reject);
  });
}

async function build(): Promise<void> {
  const started = Date.now();
  await run(bin("remix"), ["vite:build"]);
  await bundleDevHandlers();
  console.log(`[dev] built in ${Date.now() - started} ms`);
}

function startSandbox(): ChildProcess {
  return spawn(bin("arc"), ["sandbox", "--port", port], {
    cwd: repoRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      // Sandbox probes for AWS credentials; none are needed locally.
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "local",
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
      AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
    },
  });
}

const services = await startDevServices();
await build();
const sandbox = startSandbox();

// One rebuild at a time; changes during a build trigger exactly one more.
let building: Promise<void> | null = null;
let again = false;
function rebuild(): void {
  if (building) {
    again = true;
    return;
  }
  building = build()
    .catch((error: unknown) => console.error(`[dev] build failed: ${String(error)}`))
    .finally(() => {
      building = null;
      if (again) {
        again = false;
        rebuild();
      }
    });
}

let timer: NodeJS.Timeout | undefined;
const watcher = watch([join(repoRoot, "app"), join(repoRoot, "arc"), join(repoRoot, "app.arc")], {
  ignoreInitial: true,
  ignored: (path) => path.endsWith(".mjs") || path.includes("node_modules") || path.includes("/generated/"),
});
watcher.on("all", () => {
  clearTimeout(timer);
  timer = setTimeout(rebuild, 150);
});

function shutdown(): void {
  void watcher.close();
  void services.close();
  sandbox.kill("SIGTERM");
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
sandbox.on("exit", (code) => {
  void watcher.close();
  process.exit(code ?? 0);
});

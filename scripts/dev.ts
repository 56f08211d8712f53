// `npm run dev`: arc sandbox on http://localhost:3000 serving the Remix build, rebuilt on every
// change under app/ or arc/ (and the Prisma client regenerated when prisma/schema.prisma changes).
// Sandbox starts a fresh process per request, so a rebuild is live on the next request with no
// restart. The dev store and the embedded database start first (scripts/dev-services.ts), so
// sign-up works on a fresh clone with no .env, and the Prisma client is generated before the first
// build, so `npm install && npm run dev` is all a fresh clone needs.
//
// This process owns everything it starts: the dev store and the embedded database run inside it,
// arc sandbox (with its Lambda processes) and the builds are its children. Ctrl-C or SIGTERM (to
// the process group, or to npm: the script is `exec`ed so npm's signal reaches us) stops the
// watcher, any build in progress and sandbox, awaits each, closes the store and the database, and
// only then exits: nothing is left running and ports 3000, 3334 and 5433 are free again. Another
// Ctrl-C after 3 s, or a shutdown taking over 20 s, exits at once.
import { type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { watch } from "chokidar";
import { repoRoot } from "../arc/app-map";
import { generatePrismaClient, run, startArcSandbox, startDevServices, stopProcessTree, stopRunning, type DevServices } from "./dev-services";
import { bundleDevHandlers } from "../arc/tooling/lambda-bundle";

const port = process.env.PORT ?? "3000";
const remix = join(repoRoot, "node_modules", ".bin", "remix");

let services: DevServices | undefined;
let sandbox: ChildProcess | undefined;
let watcher: ReturnType<typeof watch> | undefined;
let stopping = false;
let stoppingSince = 0;

async function build(options: { generate?: boolean } = {}): Promise<void> {
  const started = Date.now();
  if (options.generate) await generatePrismaClient();
  await run(remix, ["vite:build"]);
  await bundleDevHandlers();
  console.log(`[dev] built in ${Date.now() - started} ms`);
}

async function shutdown(reason: string, code = 0): Promise<never> {
  if (stopping) {
    // The same Ctrl-C often arrives twice (from the terminal and relayed by npm and tsx): only a
    // later one means "stop now".
    if (Date.now() - stoppingSince > 3_000) {
      console.log("[dev] stopping now");
      process.exit(code || 1);
    }
    return new Promise<never>(() => {});
  }
  stopping = true;
  stoppingSince = Date.now();
  console.log(`[dev] ${reason}: stopping`);
  setTimeout(() => {
    console.error("[dev] shutdown took over 20 s: exiting anyway");
    process.exit(1);
  }, 20_000); // also keeps this process alive until the exit below
  await Promise.allSettled([watcher?.close(), stopRunning(), sandbox ? stopProcessTree(sandbox) : undefined]);
  await services?.close();
  console.log("[dev] stopped");
  process.exit(code);
}
for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(name, () => void shutdown(name));

async function start(): Promise<void> {
  try {
    // The client generation (~2 s) overlaps the database start (~1 s, ~10 s the first time).
    const generated = generatePrismaClient();
    generated.catch(() => {});
    services = await startDevServices();
    if (stopping) return; // a signal arrived meanwhile: shutdown() owns the exit
    await generated;
    await build();
  } catch (error) {
    if (stopping) return;
    console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
    await shutdown("start-up failed", 1);
  }
  if (stopping) return;
  sandbox = startArcSandbox(port);
  sandbox.on("exit", (code, signal) => {
    if (!stopping) void shutdown(`arc sandbox exited (${signal ?? code})`, code ?? 1);
  });
  watchSources();
}

// One rebuild at a time; changes during a build trigger exactly one more.
let building: Promise<void> | null = null;
let again = false;
let schemaChanged = false;
function rebuild(): void {
  if (stopping) return;
  if (building) {
    again = true;
    return;
  }
  const generate = schemaChanged;
  schemaChanged = false;
  building = build({ generate })
    .catch((error: unknown) => {
      if (!stopping) console.error(`[dev] build failed: ${String(error)}`);
    })
    .finally(() => {
      building = null;
      if (again) {
        again = false;
        rebuild();
      }
    });
}

let timer: NodeJS.Timeout | undefined;
const schema = join(repoRoot, "prisma", "schema.prisma");
function watchSources(): void {
  watcher = watch([join(repoRoot, "app"), join(repoRoot, "arc"), join(repoRoot, "app.arc"), schema], {
  ignoreInitial: true,
  ignored: (path) => path.endsWith(".mjs") || path.includes("node_modules") || path.includes("/generated/"),
});
  watcher.on("all", (_event, path) => {
    if (path === schema) schemaChanged = true;
    clearTimeout(timer);
    timer = setTimeout(rebuild, 150);
  });
}

void start();

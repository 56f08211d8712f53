// `npm run test:fresh-clone`: the README's first command, as a new user runs it.
//
// 1. `git clone`s this repository (its committed HEAD) into a temporary folder;
// 2. runs the set-up command exactly as README.md's "Set up" block writes it (the line with
//    `npm run dev`) with `sh -c`, in its own process group, with no stdin and CI-like environment
//    (nothing from the npm that may be running this script: no npm_* variables, no
//    node_modules/.bin of this checkout on PATH);
// 3. waits for GET http://127.0.0.1:3000/ to answer 200 with the calculator form;
// 4. signs up through the page in Chromium and checks the page shows the user signed in;
// 5. stops it as Ctrl-C does (SIGINT to the process group) and checks that no process started from
//    the clone is left (cmdline or cwd under the temporary folder) and that ports 3000, 3334, 12112 and
//    5433 are free again.
// Bounded (FRESH_CLONE_TIMEOUT_MS, 15 minutes by default: a cold npm cache on a new machine needs
// time) and always cleans up: the process group and any stray process from the clone are killed
// and the folder is removed, on failure too. Prints its timings.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "@playwright/test";
import { chromiumLaunch } from "../support/chromium";

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const DEV_URL = "http://127.0.0.1:3000";
/** The ports `npm run dev` uses: the site, the dev store, the embedded database. */
const PORTS = [3000, 3334, 5433, 12112];
const TIMEOUT_MS = Number(process.env.FRESH_CLONE_TIMEOUT_MS ?? 15 * 60_000);
const STOP_TIMEOUT_MS = 30_000;

const started = Date.now();
const timings: [string, number][] = [];
let lap = started;
function timing(step: string): void {
  const now = Date.now();
  timings.push([step, now - lap]);
  lap = now;
  log(`${step}: ${((now - started) / 1000).toFixed(1)} s in`);
}
function log(message: string): void {
  console.log(`[fresh-clone] ${message}`);
}
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
function deadlineLeft(): number {
  return started + TIMEOUT_MS - Date.now();
}

/** The README's set-up command: the line of its "Set up" code block that runs `npm run dev`. */
function setUpCommand(readme: string): string {
  const section = readme.split(/^## /m).find((part) => part.startsWith("Set up"));
  if (!section) throw new Error('README.md has no "## Set up" section');
  const block = /```(?:sh|bash|shell)?\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md\'s "Set up" section has no code block');
  const line = block.split("\n").find((l) => /\bnpm run dev\b/.test(l));
  if (!line) throw new Error('README.md\'s "Set up" code block has no line with `npm run dev`');
  return line.trim();
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

async function busyPorts(): Promise<number[]> {
  const used = await Promise.all(PORTS.map(portInUse));
  return PORTS.filter((_, i) => used[i]);
}

/** Processes whose command line or working directory lies under `folder` (not this one). */
function processesUnder(folder: string): { pid: number; cmdline: string; cwd: string }[] {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline = "";
    let cwd = "";
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
    } catch {
      continue; // gone
    }
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      // a zombie, or not ours to read
    }
    if (cmdline.includes(folder) || cwd === folder || cwd.startsWith(`${folder}/`)) found.push({ pid: Number(entry), cmdline, cwd });
  }
  return found;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The environment of a new shell on a CI machine: nothing from the npm running this script. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === "INIT_CWD" || key === "NODE" || key === "NODE_OPTIONS") continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir && !dir.includes("node_modules/.bin") && !dir.includes("node-gyp-bin"))
    .join(delimiter);
  env.CI = "true";
  return env as NodeJS.ProcessEnv;
}

function tail(file: string, lines = 60): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

async function main(): Promise<void> {
  const busy = await busyPorts();
  if (busy.length > 0) {
    throw new Error(
      `Port(s) ${busy.join(", ")} already in use before the test started: stop whatever listens there ` +
        "(another `npm run dev`, `npm run db:embedded`, the sandbox e2e test) and run it again",
    );
  }
  if (process.platform !== "linux") throw new Error("The leftover-process check reads /proc: run this on Linux");

  const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: repoRoot, encoding: "utf8" }).trim();
  if (dirty) log("note: uncommitted changes are not part of the test (it clones the committed HEAD)");
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();

  const root = mkdtempSync(join(tmpdir(), "calcapp-fresh-clone-"));
  const clone = join(root, "calcapp");
  const outputFile = join(root, "output.log");
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    execFileSync("git", ["clone", "--quiet", repoRoot, clone], { stdio: ["ignore", "inherit", "inherit"] });
    execFileSync("git", ["checkout", "--quiet", "--detach", head], { cwd: clone, stdio: ["ignore", "inherit", "inherit"] });
    timing(`cloned ${head.slice(0, 12)} into ${clone}`);

    const command = setUpCommand(readFileSync(join(clone, "README.md"), "utf8"));
    log(`running README.md's set-up command: ${command}`);
    const output = openSync(outputFile, "a");
    child = spawn("sh", ["-c", command], { cwd: clone, env: cleanEnv(), detached: true, stdio: ["ignore", output, output] });
    closeSync(output);
    let exited: string | undefined;
    child.on("exit", (code, signal) => (exited = `exited with ${signal ?? code}`));
    const pgid = child.pid as number;

    // Ready: GET / answers 200 with the calculator (its display and keypad form).
    let installed = false;
    let last = "";
    for (;;) {
      if (!installed && readFileSync(outputFile, "utf8").includes("> calcapp@")) {
        installed = true;
        timing("npm install done, npm run dev started");
      }
      if (exited) throw new Error(`The set-up command ${exited} before the site answered:\n${tail(outputFile)}`);
      if (deadlineLeft() <= 0) throw new Error(`No calculator on ${DEV_URL}/ after ${TIMEOUT_MS / 1000} s (last: ${last}):\n${tail(outputFile)}`);
      try {
        const response = await fetch(`${DEV_URL}/`, { signal: AbortSignal.timeout(10_000) });
        const body = await response.text();
        last = `${response.status}`;
        if (response.status === 200 && body.includes('data-testid="display"') && body.includes('action="/?index"')) break;
      } catch (error) {
        last = String((error as Error).cause ?? error);
      }
      await sleep(1000);
    }
    timing("GET / answers the calculator");

    // Sign up through the page, in Chromium.
    browser = await chromium.launch(chromiumLaunch);
    const page = await browser.newPage();
    page.setDefaultTimeout(Math.max(10_000, Math.min(60_000, deadlineLeft())));
    const email = `fresh-clone-${Date.now()}@example.com`;
    await page.goto(`${DEV_URL}/signup`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByText("Check your inbox").waitFor();
    // The verification mail reached the local SES fake that npm run dev started.
    await page.goto(`${DEV_URL}/dev/mail`);
    await page.getByText(email).first().waitFor();
    await page.goto(`${DEV_URL}/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Log in" }).click();
    const shown = page.getByRole("navigation", { name: "Main" }).getByTestId("nav-email");
    await shown.filter({ hasText: email }).waitFor();
    if ((await shown.textContent())?.trim() !== email) throw new Error(`After sign-up the page shows "${await shown.textContent()}", not ${email}`);
    await browser.close();
    browser = undefined;
    timing(`signed up as ${email}, found the mail at /dev/mail, logged in; the page shows the user signed in`);

    // Ctrl-C: SIGINT to the whole process group, then wait for every process in it to end.
    process.kill(-pgid, "SIGINT");
    const stopBy = Date.now() + STOP_TIMEOUT_MS;
    while (groupAlive(pgid) && Date.now() < stopBy) await sleep(200);
    if (groupAlive(pgid)) {
      const left = processesUnder(clone).map((p) => `  ${p.pid} ${p.cmdline}`).join("\n");
      throw new Error(`The process group still runs ${STOP_TIMEOUT_MS / 1000} s after SIGINT:\n${left}\n${tail(outputFile, 20)}`);
    }
    timing("stopped with SIGINT to its process group (Ctrl-C)");

    // Stopped cleanly, not killed: dev awaited every close (its last line) and the embedded
    // database it served released its data folder's lock.
    const finalOutput = readFileSync(outputFile, "utf8");
    if (!finalOutput.includes("[dev] stopped")) throw new Error(`npm run dev did not finish its shutdown ("[dev] stopped"):\n${tail(outputFile, 20)}`);
    if (existsSync(join(clone, ".data", "pglite.pid"))) throw new Error("The embedded database was not stopped cleanly: .data/pglite.pid is left");

    const leftovers = processesUnder(clone);
    const stillBusy = await busyPorts();
    if (leftovers.length > 0 || stillBusy.length > 0) {
      throw new Error(
        "The dev command left things running after it ended:\n" +
          leftovers.map((p) => `  pid ${p.pid} (cwd ${p.cwd}): ${p.cmdline}`).join("\n") +
          (stillBusy.length > 0 ? `\n  ports still listening: ${stillBusy.join(", ")}` : ""),
      );
    }
    log(`nothing left: no process from ${root}, ports ${PORTS.join(", ")} free`);
    log(`last lines of its output:\n${tail(outputFile, 4)}`);
  } finally {
    await browser?.close().catch(() => {});
    if (child?.pid !== undefined && groupAlive(child.pid)) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    for (const stray of processesUnder(root)) {
      try {
        process.kill(stray.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    await sleep(200);
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    timing("removed the clone");
  }
}

try {
  await main();
  console.log("[fresh-clone] PASS. Timings:");
  for (const [step, ms] of timings) console.log(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${step}`);
  console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s  total`);
  process.exit(0);
} catch (error) {
  console.error(`[fresh-clone] FAIL: ${error instanceof Error ? error.message : String(error)}`);
  for (const [step, ms] of timings) console.error(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${step}`);
  process.exit(1);
}

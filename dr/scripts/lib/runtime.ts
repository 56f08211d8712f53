// What every DR script shares: a clock (real, or fake in tests), progress lines with elapsed
// times, waits with timeouts, refusals, a journal that makes a re-run after a crash resume where
// the last run stopped, and a dry-run mode that prints the plan and changes nothing.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export type Clock = { now(): number; sleep(ms: number): Promise<void> };

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The script refuses to go on (lag too high, target not ready, wrong region...). Exit code 2. */
export class Refusal extends Error {
  override name = "Refusal";
}

/** A wait ran out of time. Exit code 3. */
/** A step the local backend (the drill) has no real equivalent for: printed as such, never as "ok". */
export class NotRehearsed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotRehearsed";
  }
}

export class WaitTimeout extends Error {
  override name = "WaitTimeout";
}

export const fmtSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export type StepTiming = { name: string; ms: number; skipped: boolean };

/** Progress lines, each prefixed with the time since the script started. */
export class Progress {
  readonly started: number;
  readonly timings: StepTiming[] = [];
  constructor(
    readonly clock: Clock,
    private readonly out: (line: string) => void = console.log,
    readonly dryRun = false,
  ) {
    this.started = clock.now();
  }

  elapsed(): number {
    return this.clock.now() - this.started;
  }

  log(message: string): void {
    this.out(`[+${fmtSeconds(this.elapsed()).padStart(8)}] ${message}`);
  }

  /**
   * One step of the procedure. `done` says whether its outcome already holds (a re-run after a
   * crash skips it); in dry-run mode the step is printed as planned and not run.
   */
  async step<T>(name: string, run: () => Promise<T>, done?: () => Promise<boolean>): Promise<T | undefined> {
    try {
      return await this.stepOrNot(name, run, done);
    } catch (error) {
      if (!(error instanceof NotRehearsed)) throw error;
      this.log(`~ ${name}: NOT REHEARSED LOCALLY (${error.message})`);
      this.timings.push({ name, ms: 0, skipped: true });
      return undefined;
    }
  }

  private async stepOrNot<T>(name: string, run: () => Promise<T>, done?: () => Promise<boolean>): Promise<T | undefined> {
    if (done && (await done())) {
      this.log(`= ${name}: already done, skipped`);
      this.timings.push({ name, ms: 0, skipped: true });
      return undefined;
    }
    if (this.dryRun) {
      this.log(`(dry run) would: ${name}`);
      this.timings.push({ name, ms: 0, skipped: true });
      return undefined;
    }
    const at = this.clock.now();
    this.log(`> ${name}`);
    const result = await run();
    const ms = this.clock.now() - at;
    this.timings.push({ name, ms, skipped: false });
    this.log(`ok ${name} (${fmtSeconds(ms)})`);
    return result;
  }
}

export type WaitOptions = { timeoutMs: number; intervalMs?: number; clock: Clock; progress?: Progress };

/**
 * Polls `check` until it returns something other than undefined/false, or throws WaitTimeout
 * after timeoutMs (describing the last state seen).
 */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, options: WaitOptions): Promise<T> {
  const { timeoutMs, intervalMs = 5_000, clock, progress } = options;
  const start = clock.now();
  let polls = 0;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) {
        progress?.log(`  ${what}: yes after ${fmtSeconds(clock.now() - start)}`);
        return value;
      }
    } catch (error) {
      lastError = error; // transient (API throttled, endpoint not resolvable yet): keep polling
    }
    polls++;
    const waited = clock.now() - start;
    if (waited >= timeoutMs) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new WaitTimeout(`timed out after ${fmtSeconds(waited)} waiting for: ${what}${cause}`);
    }
    if (progress && polls % 6 === 0) progress.log(`  still waiting for ${what} (${fmtSeconds(waited)})`);
    await clock.sleep(Math.min(intervalMs, Math.max(1, timeoutMs - waited)));
  }
}

/** A small JSON file recording what a run decided and did, so a re-run resumes instead of redoing. */
export class Journal<T extends Record<string, unknown>> {
  constructor(readonly file: string | undefined) {}

  read(): T | undefined {
    if (!this.file) return undefined;
    try {
      return JSON.parse(readFileSync(this.file, "utf8")) as T;
    } catch {
      return undefined;
    }
  }

  write(value: T): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
    renameSync(tmp, this.file);
  }

  clear(): void {
    if (this.file) rmSync(this.file, { force: true });
  }
}

/** Reads `--name value` / `--flag` arguments; unknown ones are an error. */
export function parseFlags(argv: string[], spec: Record<string, "string" | "boolean">): Record<string, string | boolean | undefined> {
  const out: Record<string, string | boolean | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`);
    const [rawName, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const kind = spec[rawName];
    if (!kind) throw new Error(`unknown option --${rawName} (known: ${Object.keys(spec).map((k) => `--${k}`).join(", ")})`);
    if (kind === "boolean") {
      out[rawName] = inline === undefined ? true : inline !== "false";
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) throw new Error(`--${rawName} needs a value`);
      out[rawName] = value;
    }
  }
  return out;
}

export const str = (flags: Record<string, string | boolean | undefined>, name: string): string | undefined => {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
};

export const num = (flags: Record<string, string | boolean | undefined>, name: string, fallback: number): number => {
  const value = str(flags, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number`);
  return parsed;
};

/** Exit code for an error: 2 refused, 3 timed out, 1 anything else. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof Refusal) return 2;
  if (error instanceof WaitTimeout) return 3;
  return 1;
}

// `npm run arc:manifest`: derives terraform/lambda-manifest.json from app.arc, so app.arc stays the
// one map of routes to Lambdas and Terraform needs no edit when a route or a Lambda is added.
//
// One AWS function per app.arc `src` (Architect's own packager would make one per route): the
// @http routes that share a src are grouped, @scheduled entries get an EventBridge schedule
// expression, @events entries (the migration Lambda) get no trigger. Function names are the
// basename of src, the same names `npm run package` gives lambda-packages/<name>.zip.
// Memory, timeout, runtime and architecture come from app.arc's @aws, overridden per function by
// an optional <src>/config.arc (@aws memory / timeout / runtime / architecture), as in Architect.
//
// `npm run arc:manifest -- --check` exits 1 when the committed file is stale (tests/infra does
// the same in memory).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import parse from "@architect/parser";
import { parseArc, repoRoot, type HttpRoute } from "../app-map";

export const manifestPath = join(repoRoot, "terraform", "lambda-manifest.json");

export type FunctionKind = "http" | "scheduled" | "event";

export type ManifestFunction = {
  src: string;
  kind: FunctionKind;
  handler: string;
  runtime: string;
  architecture: "x86_64" | "arm64";
  memory: number;
  timeout: number;
  /** API Gateway HTTP API route keys, e.g. "ANY /history/{proxy+}" or "$default". */
  routes: string[];
  /** EventBridge schedule expression for kind "scheduled", else null. */
  schedule: string | null;
};

export type LambdaManifest = {
  $comment: string;
  app: string;
  /** Client assets: the folder `npm run build` writes, served by CloudFront at `/<prefix>/*`. */
  static: { folder: string | null; prefix: string };
  functions: Record<string, ManifestFunction>;
};

type AwsSettings = { runtime?: string; memory?: number; timeout?: number; architecture?: string };

/** Reads `@aws` key/value lines from parsed .arc text. */
function awsSettings(text: string): AwsSettings {
  const parsed = parse(text) as Record<string, unknown[] | undefined>;
  const out: AwsSettings = {};
  for (const entry of parsed.aws ?? []) {
    if (!Array.isArray(entry) || entry.length < 2) continue;
    const [key, value] = entry as [string, unknown];
    if (key === "runtime" || key === "architecture") out[key] = String(value);
    if (key === "memory" || key === "timeout") {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`app.arc: @aws ${key} must be a positive integer, not ${String(value)}`);
      out[key] = n;
    }
  }
  return out;
}

const HTTP_METHODS = new Set(["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

/**
 * API Gateway HTTP API route keys for one app.arc route. Arc's `/*` catch-all becomes `$default`
 * (which also serves `/`) for `any`, else `METHOD /{proxy+}` plus `METHOD /`; a trailing `/*`
 * becomes `{proxy+}` (which, as in app.arc, does not match the bare prefix); `:param` becomes
 * `{param}`.
 */
export function routeKeys(route: Pick<HttpRoute, "method" | "path">): string[] {
  const method = route.method.toUpperCase();
  if (!HTTP_METHODS.has(method)) throw new Error(`app.arc: unsupported HTTP method "${route.method}" on ${route.path}`);
  const { path } = route;
  if (!path.startsWith("/")) throw new Error(`app.arc: @http path must start with "/": ${path}`);
  if (path === "/*") return method === "ANY" ? ["$default"] : [`${method} /{proxy+}`, `${method} /`];
  const segments = path.split("/").slice(1);
  const converted = segments.map((segment, i) => {
    if (segment === "*") {
      if (i !== segments.length - 1) throw new Error(`app.arc: "*" must be the last segment: ${path}`);
      return "{proxy+}";
    }
    if (segment.includes("*")) throw new Error(`app.arc: "*" must be a whole segment: ${path}`);
    if (segment.startsWith(":")) {
      const name = segment.slice(1);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`app.arc: bad path parameter "${segment}" in ${path}`);
      return `{${name}}`;
    }
    return segment;
  });
  return [`${method} /${converted.join("/")}`];
}

/**
 * Normalises an app.arc schedule to EventBridge syntax: `rate(1 day)` (singular unit for 1,
 * plural otherwise, as EventBridge requires) or `cron(min hour day-of-month month day-of-week
 * year)` (six fields).
 */
export function scheduleExpression(schedule: string, name: string): string {
  const text = schedule.trim().replace(/\s+/g, " ");
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/i.exec(text);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) throw new Error(`app.arc: @scheduled ${name}: a rate must be at least 1`);
    const unit = (rate[2] as string).toLowerCase().replace(/s$/, "");
    return `rate(${value} ${unit}${value === 1 ? "" : "s"})`;
  }
  const cron = /^cron\(([^)]*)\)$/i.exec(text);
  if (cron) {
    const fields = (cron[1] as string).trim().split(" ");
    if (fields.length !== 6) {
      throw new Error(`app.arc: @scheduled ${name}: cron needs 6 fields (min hour dom month dow year), got "${text}"`);
    }
    return `cron(${fields.join(" ")})`;
  }
  throw new Error(`app.arc: @scheduled ${name}: "${schedule}" is neither rate(...) nor cron(...)`);
}

const UNSUPPORTED_LAMBDA_PRAGMAS = ["queues", "ws", "tables-streams", "customLambdas", "proxy"];

export type ReadFile = (path: string) => string | undefined;

const readIfExists: ReadFile = (path) => (existsSync(path) ? readFileSync(path, "utf8") : undefined);

/** Builds the manifest from app.arc text; `readFile` reads <src>/config.arc relative to `root`. */
export function buildManifest(arcText: string, { root = repoRoot, readFile = readIfExists } = {}): LambdaManifest {
  const parsed = parse(arcText) as Record<string, unknown>;
  for (const pragma of UNSUPPORTED_LAMBDA_PRAGMAS) {
    if (parsed[pragma]) throw new Error(`app.arc: @${pragma} is not supported by terraform/modules/compute yet`);
  }
  // `name value\n  src x` is not an .arc map: the parser reads the indented line as an entry of
  // its own, so the src would silently go to the wrong Lambda (or none).
  for (const pragma of ["http", "scheduled", "events"]) {
    const entries = parsed[pragma];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, i: number) => {
      if (!Array.isArray(entry) || !["src", "method", "rate", "cron"].includes(String(entry[0]))) return;
      const previous: unknown = i > 0 ? entries[i - 1] : "(nothing)";
      const owner = Array.isArray(previous) ? previous.join(" ") : String(previous);
      throw new Error(
        `app.arc @${pragma}: "${entry.join(" ")}" is indented under "${owner}", but only a line of one word ` +
          `can own settings: write the name alone, then "method ...", "rate ..."/"cron ..." and "src ..." indented below it`,
      );
    });
  }
  const map = parseArc(arcText);
  const global = awsSettings(arcText);
  const functions: Record<string, ManifestFunction> = {};
  const owners = new Map<string, string>();

  for (const fn of [...map.functions].sort((a, b) => a.name.localeCompare(b.name))) {
    // calcapp-production-<name>-lambda must fit IAM's 64 characters.
    if (!/^[a-z0-9][a-z0-9-]{0,29}$/.test(fn.name)) {
      throw new Error(`app.arc: Lambda name "${fn.name}" (from ${fn.src}) must be 1-30 of a-z, 0-9 and "-"`);
    }
    const configText = readFile(join(root, fn.src, "config.arc"));
    const local = configText ? awsSettings(configText) : {};
    const architecture = local.architecture ?? global.architecture ?? "x86_64";
    if (architecture !== "x86_64" && architecture !== "arm64") {
      throw new Error(`app.arc: ${fn.name}: architecture must be x86_64 or arm64, not ${architecture}`);
    }
    const routes: string[] = [];
    for (const route of fn.routes) {
      for (const key of routeKeys(route)) {
        const owner = owners.get(key);
        if (owner) throw new Error(`app.arc: route ${key} is declared twice (${owner}, ${fn.name})`);
        owners.set(key, fn.name);
        if (!routes.includes(key)) routes.push(key);
      }
    }
    if (fn.kind === "http" && routes.length === 0) throw new Error(`app.arc: ${fn.name} has no routes`);
    let schedule: string | null = null;
    if (fn.kind === "scheduled") {
      if (!fn.schedule) throw new Error(`app.arc: @scheduled ${fn.name} has no rate(...) or cron(...)`);
      schedule = scheduleExpression(fn.schedule, fn.name);
    }
    functions[fn.name] = {
      src: fn.src,
      kind: fn.kind,
      handler: "index.handler",
      runtime: local.runtime ?? map.runtime,
      architecture,
      memory: local.memory ?? map.memory,
      timeout: local.timeout ?? map.timeout,
      routes,
      schedule,
    };
  }
  if (Object.keys(functions).length === 0) throw new Error("app.arc declares no Lambdas");

  return {
    $comment: "Generated from app.arc by arc/tooling/arc-manifest.ts (npm run arc:manifest). Do not edit.",
    app: map.app,
    static: { folder: map.staticFolder, prefix: "_static" },
    functions,
  };
}

export function renderManifest(manifest: LambdaManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The manifest app.arc (and the config.arc files) in `root` describe, as committed text. */
export function expectedManifestText(root = repoRoot): string {
  return renderManifest(buildManifest(readFileSync(join(root, "app.arc"), "utf8"), { root }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const expected = expectedManifestText();
  const current = readIfExists(manifestPath);
  const where = relative(process.cwd(), manifestPath);
  if (process.argv.includes("--check")) {
    if (current !== expected) {
      console.error(`${where} is stale: run npm run arc:manifest and commit it`);
      process.exit(1);
    }
    console.log(`${where} matches app.arc`);
  } else {
    if (current !== expected) writeFileSync(manifestPath, expected);
    const manifest = JSON.parse(expected) as LambdaManifest;
    for (const [name, fn] of Object.entries(manifest.functions)) {
      const trigger = fn.kind === "http" ? fn.routes.join(", ") : fn.kind === "scheduled" ? fn.schedule : "invoked directly";
      console.log(`${name.padEnd(16)} ${fn.kind.padEnd(9)} ${fn.memory} MB ${fn.timeout} s  ${trigger}`);
    }
    console.log(current === expected ? `${where} unchanged` : `wrote ${where}`);
  }
}

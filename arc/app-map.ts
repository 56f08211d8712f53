// app.arc is the one map of routes to Lambdas. This module reads it once and answers the two
// questions the rest of the build asks: which Lambdas exist, and which one serves a given path
// (with API Gateway HTTP API's route selection, so local serving matches production).
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import parse from "@architect/parser";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

export type HttpRoute = {
  method: string; // upper case, or "ANY"
  path: string; // as written in app.arc: "/history", "/history/*", "/things/:id"
  fn: string; // the Lambda's name: basename of its src
  src: string;
};

export type LambdaKind = "http" | "scheduled" | "event";

export type LambdaFunction = {
  name: string;
  src: string;
  kind: LambdaKind;
  routes: HttpRoute[];
  schedule?: string;
};

export type ArcMap = {
  app: string;
  runtime: string;
  memory: number;
  timeout: number;
  routes: HttpRoute[];
  functions: LambdaFunction[];
  staticFolder: string | null;
};

type ArcEntry = string | number | boolean | unknown[] | Record<string, unknown>;
type ParsedArc = Record<string, ArcEntry[] | undefined>;

function settings(parsed: ParsedArc, pragma: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const entry of parsed[pragma] ?? []) {
    if (Array.isArray(entry) && typeof entry[0] === "string") out.set(entry[0], entry[1]);
  }
  return out;
}

/** Named entries with properties, e.g. `/history` + `method any` + `src ...`. */
function namedEntries(parsed: ParsedArc, pragma: string): Array<[string, Record<string, unknown>]> {
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const entry of parsed[pragma] ?? []) {
    if (typeof entry === "string") out.push([entry, {}]);
    else if (Array.isArray(entry)) out.push([String(entry[0]), { value: entry.slice(1) }]);
    else if (entry && typeof entry === "object") {
      for (const [name, props] of Object.entries(entry)) out.push([name, props as Record<string, unknown>]);
    }
  }
  return out;
}

export function parseArc(text: string): ArcMap {
  const parsed = parse(text) as ParsedArc;
  const aws = settings(parsed, "aws");
  const functions = new Map<string, LambdaFunction>();
  const fnFor = (src: string, kind: LambdaKind): LambdaFunction => {
    const name = basename(src);
    let fn = functions.get(name);
    if (!fn) {
      fn = { name, src, kind, routes: [] };
      functions.set(name, fn);
    } else if (fn.src !== src) {
      throw new Error(`app.arc: two Lambdas are both named "${name}" (${fn.src}, ${src})`);
    }
    return fn;
  };

  const routes: HttpRoute[] = [];
  for (const [path, props] of namedEntries(parsed, "http")) {
    const method = String(props.method ?? "any").toUpperCase();
    const src = props.src;
    if (typeof src !== "string") throw new Error(`app.arc: @http ${path} needs a src`);
    const fn = fnFor(src, "http");
    const route = { method, path, fn: fn.name, src };
    fn.routes.push(route);
    routes.push(route);
  }
  for (const [name, props] of namedEntries(parsed, "scheduled")) {
    const src = typeof props.src === "string" ? props.src : `arc/scheduled/${name}`;
    const rate = props.rate ?? props.cron;
    const fn = fnFor(src, "scheduled");
    if (Array.isArray(rate)) fn.schedule = `${props.rate ? "rate" : "cron"}(${rate.join(" ")})`;
    else if (Array.isArray(props.value)) fn.schedule = (props.value as string[]).join(" ");
  }
  for (const [name, props] of namedEntries(parsed, "events")) {
    fnFor(typeof props.src === "string" ? props.src : `arc/events/${name}`, "event");
  }

  const staticSettings = settings(parsed, "static");
  const appName = parsed.app?.[0];
  return {
    app: typeof appName === "string" ? appName : "app",
    runtime: String(aws.get("runtime") ?? "nodejs24.x"),
    memory: Number(aws.get("memory") ?? 1152),
    timeout: Number(aws.get("timeout") ?? 6),
    routes,
    functions: [...functions.values()],
    staticFolder: typeof staticSettings.get("folder") === "string" ? String(staticSettings.get("folder")) : null,
  };
}

let cached: ArcMap | undefined;
export function readArcMap(root = repoRoot): ArcMap {
  if (root !== repoRoot) return parseArc(readFileSync(join(root, "app.arc"), "utf8"));
  cached ??= parseArc(readFileSync(join(root, "app.arc"), "utf8"));
  return cached;
}

/**
 * How specifically `route` matches `path`, or -1 when it does not. API Gateway HTTP API picks the
 * most specific route: a full literal match beats a path with parameters, which beats a greedy
 * `{proxy+}` (arc `*`); among greedy routes the longest prefix wins. `/x/*` needs at least one
 * more segment, so it does not match `/x` itself; the root `/*` matches everything.
 */
function specificity(route: HttpRoute, path: string): number {
  const want = route.path.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  const greedy = want.at(-1) === "*";
  const fixed = greedy ? want.slice(0, -1) : want;
  if (greedy ? got.length < fixed.length + (fixed.length ? 1 : 0) : got.length !== fixed.length) return -1;
  let params = 0;
  for (let i = 0; i < fixed.length; i++) {
    const segment = fixed[i] as string;
    if (segment.startsWith(":")) params++;
    else if (segment !== got[i]) return -1;
  }
  if (greedy) return 1 + fixed.length; // below any non-greedy match
  return 10_000 - params;
}

export function matchRoute(routes: readonly HttpRoute[], method: string, path: string): HttpRoute | undefined {
  let best: HttpRoute | undefined;
  let bestScore = -1;
  for (const route of routes) {
    if (route.method !== "ANY" && route.method !== method.toUpperCase()) continue;
    // A method-specific route beats ANY on the same path.
    const score = specificity(route, path) * 2 + (route.method === "ANY" ? 0 : 1);
    if (specificity(route, path) >= 0 && score > bestScore) {
      best = route;
      bestScore = score;
    }
  }
  return best;
}

/** The Lambda that serves a Remix route path such as "history/:id" or "" (the index). */
export function lambdaForRoutePath(map: ArcMap, routePath: string): string {
  // Dynamic segments stand for any literal value; a splat needs at least one segment.
  const sample = "/" + routePath.split("/").filter(Boolean).map((s) => (s === "*" ? "x" : s.startsWith(":") ? "x" : s)).join("/");
  const route = matchRoute(map.routes, "GET", sample);
  if (!route) throw new Error(`app.arc: no @http route serves ${sample}`);
  return route.fn;
}

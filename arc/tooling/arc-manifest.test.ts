import { describe, expect, it } from "vitest";
import { buildManifest, routeKeys, scheduleExpression } from "./arc-manifest";

const arc = (body: string) => `@app\ncalcapp\n\n@aws\nruntime nodejs24.x\nmemory 512\ntimeout 30\narchitecture x86_64\n\n${body}`;
const noConfig = () => undefined;

describe("routeKeys", () => {
  it.each([
    { method: "ANY", path: "/*", keys: ["$default"] },
    { method: "GET", path: "/*", keys: ["GET /{proxy+}", "GET /"] },
    { method: "ANY", path: "/history", keys: ["ANY /history"] },
    { method: "ANY", path: "/history/*", keys: ["ANY /history/{proxy+}"] },
    { method: "ANY", path: "/history.data", keys: ["ANY /history.data"] },
    { method: "GET", path: "/things/:id/parts/:part", keys: ["GET /things/{id}/parts/{part}"] },
    { method: "post", path: "/v1/calculate", keys: ["POST /v1/calculate"] },
    { method: "GET", path: "/", keys: ["GET /"] },
  ])("$method $path", ({ method, path, keys }) => {
    expect(routeKeys({ method, path })).toEqual(keys);
  });

  it("refuses what API Gateway cannot route", () => {
    expect(() => routeKeys({ method: "ANY", path: "/a/*/b" })).toThrow(/last segment/);
    expect(() => routeKeys({ method: "ANY", path: "/a*" })).toThrow(/whole segment/);
    expect(() => routeKeys({ method: "FETCH", path: "/a" })).toThrow(/unsupported HTTP method/);
  });
});

describe("scheduleExpression", () => {
  it.each([
    ["rate(1 day)", "rate(1 day)"],
    ["rate(1 days)", "rate(1 day)"],
    ["rate(5 minute)", "rate(5 minutes)"],
    ["rate(2   hours)", "rate(2 hours)"],
    ["cron(0 3 * * ? *)", "cron(0 3 * * ? *)"],
  ])("%s -> %s", (input, output) => {
    expect(scheduleExpression(input, "job")).toBe(output);
  });

  it("refuses anything EventBridge would", () => {
    expect(() => scheduleExpression("rate(0 days)", "job")).toThrow(/at least 1/);
    expect(() => scheduleExpression("cron(0 3 * * *)", "job")).toThrow(/6 fields/);
    expect(() => scheduleExpression("daily", "job")).toThrow(/neither/);
  });
});

describe("buildManifest", () => {
  it("groups @http routes by src, and reads @scheduled and @events Lambdas", () => {
    const manifest = buildManifest(
      arc(`@http
/*
  method any
  src arc/http/calculator
/history
  method any
  src arc/http/history
/history/*
  method any
  src arc/http/history
/history/:id
  method get
  src arc/http/history

@scheduled
archive-history rate(1 day)
nightly
  cron 0 3 * * ? *
  src arc/scheduled/nightly

@events
migrate
  src arc/events/migrate

@static
folder build/client
`),
      { readFile: noConfig },
    );
    expect(Object.keys(manifest.functions)).toEqual(["archive-history", "calculator", "history", "migrate", "nightly"]);
    expect(manifest.functions.history).toEqual({
      src: "arc/http/history",
      kind: "http",
      handler: "index.handler",
      runtime: "nodejs24.x",
      architecture: "x86_64",
      memory: 512,
      timeout: 30,
      routes: ["ANY /history", "ANY /history/{proxy+}", "GET /history/{id}"],
      schedule: null,
    });
    expect(manifest.functions.calculator?.routes).toEqual(["$default"]);
    expect(manifest.functions["archive-history"]).toMatchObject({ kind: "scheduled", schedule: "rate(1 day)", routes: [] });
    expect(manifest.functions.nightly).toMatchObject({ kind: "scheduled", schedule: "cron(0 3 * * ? *)" });
    expect(manifest.functions.migrate).toMatchObject({ kind: "event", src: "arc/events/migrate", schedule: null });
    expect(manifest.static).toEqual({ folder: "build/client", prefix: "_static" });
  });

  it("applies a function's config.arc @aws overrides, as Architect does", () => {
    const readFile = (path: string) => (path.endsWith("arc/events/migrate/config.arc") ? "@aws\ntimeout 300\nmemory 1024\n" : undefined);
    const manifest = buildManifest(arc("@http\n/*\n  method any\n  src arc/http/calculator\n\n@events\nmigrate\n  src arc/events/migrate\n"), { root: "/repo", readFile });
    expect(manifest.functions.migrate).toMatchObject({ memory: 1024, timeout: 300 });
    expect(manifest.functions.calculator).toMatchObject({ memory: 512, timeout: 30 });
  });

  it("refuses a route declared for two Lambdas", () => {
    const text = arc("@http\n/a\n  method any\n  src arc/http/one\n/a\n  method any\n  src arc/http/two\n");
    expect(() => buildManifest(text, { readFile: noConfig })).toThrow(/declared twice/);
  });

  it("refuses pragmas Terraform does not deploy yet", () => {
    const text = arc("@http\n/*\n  method any\n  src arc/http/calculator\n\n@queues\njobs\n");
    expect(() => buildManifest(text, { readFile: noConfig })).toThrow(/@queues is not supported/);
  });

  it("explains an indented src under a multi-word line (which .arc reads as a separate entry)", () => {
    const text = arc("@http\n/*\n  method any\n  src arc/http/calculator\n\n@scheduled\narchive-history rate(1 day)\n  src arc/scheduled/archive-history\n");
    expect(() => buildManifest(text, { readFile: noConfig })).toThrow(/archive-history rate\(1 day\)[\s\S]*one word/);
  });

  it("refuses Lambda names that would not fit AWS's name limits", () => {
    const text = arc("@http\n/*\n  method any\n  src arc/http/a-very-long-lambda-name-for-this-app\n");
    expect(() => buildManifest(text, { readFile: noConfig })).toThrow(/1-30 of a-z/);
  });

  it("refuses a scheduled job without a schedule", () => {
    const text = arc("@http\n/*\n  method any\n  src arc/http/calculator\n\n@scheduled\nlonely\n  src arc/scheduled/lonely\n");
    expect(() => buildManifest(text, { readFile: noConfig })).toThrow(/no rate/);
  });
});

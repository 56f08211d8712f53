import { readFileSync } from "node:fs";
import { join } from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { describe, expect, it } from "vitest";
import { lambdaForRoutePath, matchRoute, parseArc, readArcMap, repoRoot } from "./app-map";

const arc = parseArc(`
@app
demo
@aws
memory 512
timeout 30
@http
/*
  method any
  src arc/http/site
/things
  method any
  src arc/http/things
/things/*
  method any
  src arc/http/things
/things/:id
  method post
  src arc/http/thing-writer
@scheduled
nightly rate(1 day)
@events
migrate
  src arc/events/migrate
`);

describe("parseArc", () => {
  it("groups routes into one Lambda per src", () => {
    expect(arc.functions.map((f) => [f.name, f.kind, f.routes.length])).toEqual([
      ["site", "http", 1],
      ["things", "http", 2],
      ["thing-writer", "http", 1],
      ["nightly", "scheduled", 0],
      ["migrate", "event", 0],
    ]);
    expect(arc.functions.find((f) => f.name === "nightly")?.schedule).toBe("rate(1 day)");
    expect([arc.memory, arc.timeout]).toEqual([512, 30]);
  });

  it("reads the project's app.arc: the design's four HTTP Lambdas at 512 MB and 30 s", () => {
    const map = readArcMap();
    expect(map.functions.filter((f) => f.kind === "http").map((f) => f.name)).toEqual(["calculator", "auth", "history", "billing"]);
    expect([map.runtime, map.memory, map.timeout]).toEqual(["nodejs24.x", 512, 30]);
  });
});

describe("matchRoute (API Gateway HTTP API selection)", () => {
  const fn = (method: string, path: string) => matchRoute(arc.routes, method, path)?.fn;

  it("prefers a literal path, then parameters, then the longest greedy prefix", () => {
    expect(fn("GET", "/things")).toBe("things");
    expect(fn("GET", "/things/42")).toBe("things");
    expect(fn("POST", "/things/42")).toBe("thing-writer");
    expect(fn("GET", "/things/42/parts")).toBe("things");
    expect(fn("GET", "/")).toBe("site");
    expect(fn("GET", "/thingsx")).toBe("site");
  });

  it("routes the project's pages and data URLs to their Lambdas", () => {
    const map = readArcMap();
    const route = (path: string) => matchRoute(map.routes, "GET", path)?.fn;
    expect(route("/")).toBe("calculator");
    expect(route("/v1/calculate")).toBe("calculator");
    expect(route("/history")).toBe("history");
    expect(route("/history.data")).toBe("history");
    expect(route("/history/export")).toBe("history");
    expect(route("/billing/webhook")).toBe("billing");
    expect(route("/billingx")).toBe("calculator");
    expect(lambdaForRoutePath(map, "history/:id")).toBe("history");
    expect(lambdaForRoutePath(map, "")).toBe("calculator");
  });
});

describe("the project's app.arc", () => {
  it("serves the history API from the history Lambda, tokens and /v1/me from auth, the rest of /v1 from the calculator", () => {
    const map = readArcMap();
    expect(lambdaForRoutePath(map, "v1/history")).toBe("history");
    expect(lambdaForRoutePath(map, "v1/history/:id")).toBe("history");
    for (const path of ["v1/auth/token", "v1/auth/refresh", "v1/auth/logout", "v1/me"]) {
      expect(lambdaForRoutePath(map, path), path).toBe("auth");
    }
    for (const path of ["v1/openapi.json", "v1/calculate", "v1/*", "v1/auth/unknown"]) {
      expect(lambdaForRoutePath(map, path), path).toBe("calculator");
    }
  });

  it("serves the account pages from the auth Lambda, and an unknown path under them from the catch-all's 404", () => {
    const map = readArcMap();
    for (const path of ["signup", "login", "login/two-factor", "logout", "account", "forgot-password", "reset-password", "confirm-email", "verify-email"]) {
      expect(lambdaForRoutePath(map, path), path).toBe("auth");
    }
    expect(matchRoute(map.routes, "GET", "/account/x")?.fn).toBe("calculator");
    expect(matchRoute(map.routes, "GET", "/loginx")?.fn).toBe("calculator");
  });

  // Client navigations fetch <page>.data (single fetch) and post forms to it: API Gateway must
  // send it to the Lambda whose server bundle has the page, or the page 404s after hydration.
  it("sends every page's single-fetch data URL to the Lambda that renders the page", () => {
    const map = readArcMap();
    const routes = Object.values(flatRoutes(join(repoRoot, "app")));
    expect(routes.length).toBeGreaterThan(20);
    const fullPath = (id: string): string => {
      const route = routes.find((r) => r.id === id);
      if (!route) return "";
      return [route.parentId ? fullPath(route.parentId) : "", route.path ?? ""].filter(Boolean).join("/");
    };
    for (const route of routes) {
      const path = fullPath(route.id);
      // Dynamic paths are covered by their greedy route; resource routes (no component) have no data URL.
      if (!path || path.includes(":") || path.includes("*")) continue;
      if (!/export default/.test(readFileSync(join(repoRoot, "app", route.file), "utf8"))) continue;
      const page = lambdaForRoutePath(map, path);
      expect(matchRoute(map.routes, "GET", `/${path}.data`)?.fn, `/${path}.data`).toBe(page);
    }
  });
});

// A guest's calculator page must not load the database client, the Redis client, password hashing
// or remix-auth: packaged, they live in chunks that index.mjs reaches only through `import()`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readArcMap } from "../../../arc/app-map";
import { bundleLambda } from "../../../arc/tooling/lambda-bundle";
import { appFilesIn, packagesIn, staticClosure } from "../../support/bundle-graph";

const heavy = [
  "@prisma/client",
  "@prisma/adapter-pg",
  "pg",
  "ioredis",
  "hash-wasm",
  "remix-auth",
  "remix-auth-form",
  // The API's tokens: loaded by the first /v1/auth or bearer request only.
  "jose",
  "stripe",
  "@sentry/remix",
  "@sentry/node",
  "@aws-lambda-powertools/tracer",
];
const out = mkdtempSync(join(tmpdir(), "calcapp-cold-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the calculator Lambda's cold start", () => {
  it("loads none of the account machinery until a request needs it", async () => {
    const calculator = readArcMap().functions.find((fn) => fn.name === "calculator");
    if (!calculator) throw new Error("no calculator Lambda in app.arc");
    const metafile = await bundleLambda(calculator, "package", join(out, "calculator", "index.mjs"));
    const entry = Object.keys(metafile.outputs).find((path) => path.endsWith("calculator/index.mjs")) as string;
    const loaded = staticClosure(metafile, entry);
    const packages = packagesIn(metafile, loaded);
    for (const name of heavy) expect(packages.has(name), `${name} is loaded at cold start`).toBe(false);
    // App modules arrive through Vite's server build, named like assets/session.server-<hash>.js.
    const accountModules = /generated\/prisma|(redis-store|memory-store|dev-store-client)|(^|\/)(session|login|signup|account|password-hash|users)\.server[-.]/;
    const files = [...appFilesIn(metafile, loaded)];
    expect(files.filter((file) => accountModules.test(file))).toEqual([]);
    // The same pattern does find them in the whole package (so the check above can fail).
    expect([...appFilesIn(metafile, Object.keys(metafile.outputs))].filter((file) => accountModules.test(file)).length).toBeGreaterThan(0);

    // ...but the bundle has them, for the requests that do need them.
    const everything = packagesIn(metafile, Object.keys(metafile.outputs));
    for (const name of heavy) expect(everything.has(name), `${name} is missing from the package`).toBe(true);
  });
});

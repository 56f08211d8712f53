// The Lambda split of decision 018, as packaged. A guest's calculator page loads no database
// client, Redis client or error reporter at cold start (they live in chunks that index.mjs reaches
// only through `import()`); the calculator package carries no account machinery at all (password
// hashing, remix-auth, tokens, two-factor, Stripe): that is the auth Lambda's, which in turn loads
// none of it before a request needs it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readArcMap } from "../../../arc/app-map";
import { bundleLambda } from "../../../arc/tooling/lambda-bundle";
import { appFilesIn, packagesIn, staticClosure } from "../../support/bundle-graph";

// Loaded by a request that needs them, never at cold start.
const lazy = ["@prisma/client", "@prisma/adapter-pg", "pg", "ioredis", "@sentry/node-core", "@aws-lambda-powertools/tracer"];
// The account machinery: only in the auth Lambda.
const account = ["hash-wasm", "remix-auth", "remix-auth-form", "jose", "@epic-web/totp", "qrcode", "stripe"];

const out = mkdtempSync(join(tmpdir(), "calcapp-cold-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Packaged = { metafile: Metafile; atColdStart: string[]; everything: string[] };
const packaged = new Map<string, Packaged>();
beforeAll(async () => {
  for (const name of ["calculator", "auth"]) {
    const fn = readArcMap().functions.find((candidate) => candidate.name === name);
    if (!fn) throw new Error(`no ${name} Lambda in app.arc`);
    const metafile = await bundleLambda(fn, "package", join(out, name, "index.mjs"));
    const entry = Object.keys(metafile.outputs).find((path) => path.endsWith(`${name}/index.mjs`)) as string;
    packaged.set(name, { metafile, atColdStart: staticClosure(metafile, entry), everything: Object.keys(metafile.outputs) });
  }
}, 120_000);

const get = (name: string) => packaged.get(name) as Packaged;

describe("the calculator Lambda", () => {
  it("loads no database, store or error-reporting client at cold start, and has them for signed-in requests", () => {
    const { metafile, atColdStart, everything } = get("calculator");
    const loaded = packagesIn(metafile, atColdStart);
    for (const name of lazy) expect(loaded.has(name), `${name} is loaded at cold start`).toBe(false);
    // App modules arrive through Vite's server build, named like assets/session.server-<hash>.js.
    const storeModules = /generated\/prisma|(redis-store|memory-store|dev-store-client)|(^|\/)(session|users)\.server[-.]/;
    expect([...appFilesIn(metafile, atColdStart)].filter((file) => storeModules.test(file))).toEqual([]);
    // The same pattern does find them in the whole package (so the check above can fail).
    expect([...appFilesIn(metafile, everything)].filter((file) => storeModules.test(file)).length).toBeGreaterThan(0);
    const all = packagesIn(metafile, everything);
    for (const name of lazy) expect(all.has(name), `${name} is missing from the package`).toBe(true);
  });

  it("carries none of the account machinery: sign-up, login, tokens and /account are the auth Lambda's", () => {
    const { metafile, everything } = get("calculator");
    const all = packagesIn(metafile, everything);
    for (const name of account) expect(all.has(name), `${name} is in the calculator package`).toBe(false);
    const accountModules = /(^|\/)(login|signup|account|password-hash|password-reset|two-factor|auth-endpoints)\.server[-.]/;
    expect([...appFilesIn(metafile, everything)].filter((file) => accountModules.test(file))).toEqual([]);
  });
});

describe("the auth Lambda", () => {
  it("has the account machinery and loads none of it, nor the database client, at cold start", () => {
    const { metafile, atColdStart, everything } = get("auth");
    const all = packagesIn(metafile, everything);
    for (const name of [...account, ...lazy]) expect(all.has(name), `${name} is missing from the auth package`).toBe(true);
    const loaded = packagesIn(metafile, atColdStart);
    for (const name of [...account, ...lazy]) expect(loaded.has(name), `${name} is loaded at cold start`).toBe(false);
  });
});

// The Stripe SDK is loaded only by a request that talks to Stripe: neither the auth Lambda
// (which reaches billing code through account deletion) nor the billing Lambda (whose page reads
// the mirror) evaluates it at cold start; the billing package still carries it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { readArcMap } from "../../../arc/app-map";
import { bundleLambda } from "../../../arc/tooling/lambda-bundle";
import { packagesIn, staticClosure } from "../../support/bundle-graph";

const out = mkdtempSync(join(tmpdir(), "calcapp-cold-billing-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the Stripe SDK at cold start", () => {
  it.each(["auth", "billing"])("is not loaded by the %s Lambda until a request needs it", async (name) => {
    const fn = readArcMap().functions.find((candidate) => candidate.name === name);
    if (!fn) throw new Error(`no ${name} Lambda in app.arc`);
    const metafile = await bundleLambda(fn, "package", join(out, name, "index.mjs"));
    const entry = Object.keys(metafile.outputs).find((path) => path.endsWith(`${name}/index.mjs`)) as string;
    expect(packagesIn(metafile, staticClosure(metafile, entry)).has("stripe")).toBe(false);
    expect(packagesIn(metafile, Object.keys(metafile.outputs)).has("stripe")).toBe(true);
  });
});

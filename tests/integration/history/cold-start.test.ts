// A guest asking for /history is redirected before anything heavy loads: the history Lambda's
// index.mjs must not statically reach Prisma, pg, ioredis or the S3 client (the runtime provides
// @aws-sdk, but loading it still costs). The scheduled jobs bundle on their own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readArcMap } from "../../../arc/app-map";
import { bundleLambda } from "../../../arc/tooling/lambda-bundle";
import { appFilesIn, packagesIn, staticClosure } from "../../support/bundle-graph";

const heavy = ["@prisma/client", "@prisma/adapter-pg", "pg", "ioredis", "jose"];
const out = mkdtempSync(join(tmpdir(), "calcapp-history-cold-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the history Lambda's cold start", () => {
  it("loads neither the database, Redis nor S3 clients nor the history logic until a request needs them", async () => {
    const history = readArcMap().functions.find((fn) => fn.name === "history");
    if (!history) throw new Error("no history Lambda in app.arc");
    const metafile = await bundleLambda(history, "package", join(out, "history", "index.mjs"));
    const entry = Object.keys(metafile.outputs).find((path) => path.endsWith("history/index.mjs")) as string;
    const loaded = staticClosure(metafile, entry);
    const packages = packagesIn(metafile, loaded);
    for (const name of heavy) expect(packages.has(name), `${name} is loaded at cold start`).toBe(false);
    const staticImports = loaded.flatMap((output) => metafile.outputs[output]?.imports ?? []).filter((i) => i.kind === "import-statement");
    expect(staticImports.filter((i) => i.path.startsWith("@aws-sdk/"))).toEqual([]);
    // The Remix server build names its lazily imported modules assets/<name>.server-<hash>.js.
    const files = [...appFilesIn(metafile, loaded)];
    expect(files.some((file) => file.startsWith("build/server/history/assets/server-build-"))).toBe(true);
    expect(files.filter((file) => /generated\/prisma|\.server-[\w-]+\.js$|store\/redis/.test(file))).toEqual([]);
  });

  it("the scheduled jobs are packaged as their own Lambdas", async () => {
    const jobs = readArcMap().functions.filter((fn) => fn.kind === "scheduled");
    expect(jobs.map((fn) => fn.name).sort()).toEqual(["archive-history", "clean-sessions", "purge-deleted-users", "sync-subscriptions"]);
    for (const job of jobs) {
      const metafile = await bundleLambda(job, "package", join(out, job.name, "index.mjs"));
      expect(Object.keys(metafile.outputs).some((path) => path.endsWith(`${job.name}/index.mjs`))).toBe(true);
    }
  });
});

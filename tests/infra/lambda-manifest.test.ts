// terraform/lambda-manifest.json is generated from app.arc (npm run arc:manifest) and committed,
// so Terraform validates on a clean clone. This keeps the two in step.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readArcMap } from "../../arc/app-map";
import { expectedManifestText, manifestPath, type LambdaManifest } from "../../arc/tooling/arc-manifest";

// 512 MB and 30 s as the design says; nodejs24.x because AWS blocks creating and updating
// nodejs20.x functions since 2026 (docs/decisions/011-node-24-on-lambda.md).
const SPEC_RUNTIME = "nodejs24.x";

const committed = () => readFileSync(manifestPath, "utf8");
const manifest = () => JSON.parse(committed()) as LambdaManifest;

describe("terraform/lambda-manifest.json", () => {
  it("is what app.arc says now (else: npm run arc:manifest, and commit it)", () => {
    expect(committed()).toBe(expectedManifestText());
  });

  it("has one function per Lambda the package step zips (one per app.arc src)", () => {
    const names = readArcMap().functions.map((fn) => fn.name).sort();
    expect(Object.keys(manifest().functions).sort()).toEqual(names);
  });

  it("gives every function the same runtime and size (Node.js 24, 512 MB, 30 s)", () => {
    for (const [name, fn] of Object.entries(manifest().functions)) {
      expect(fn.runtime, name).toBe(SPEC_RUNTIME);
      expect(fn.memory, name).toBe(512);
      expect(fn.handler, name).toBe("index.handler");
      // The migration Lambda may take longer (its own config.arc); request handlers may not.
      if (fn.kind === "event") expect(fn.timeout, name).toBeGreaterThanOrEqual(30);
      else expect(fn.timeout, name).toBe(30);
    }
  });

  it("sends everything without a route of its own to the catch-all calculator Lambda", () => {
    const functions = manifest().functions;
    expect(functions.calculator?.routes).toContain("$default");
    expect(functions.history?.routes).toEqual(expect.arrayContaining(["ANY /history", "ANY /history/{proxy+}", "ANY /history.data"]));
    expect(functions.billing?.routes).toEqual(expect.arrayContaining(["ANY /billing", "ANY /billing/{proxy+}", "ANY /billing.data"]));
  });

  it("declares the migration Lambda (app.arc @events), which the deploy invokes", () => {
    expect(manifest().functions.migrate).toMatchObject({ kind: "event", src: "arc/events/migrate", routes: [], schedule: null });
  });

  it("gives every scheduled job an EventBridge expression", () => {
    for (const [name, fn] of Object.entries(manifest().functions)) {
      if (fn.kind === "scheduled") expect(fn.schedule, name).toMatch(/^(rate\(\d+ (minute|hour|day)s?\)|cron\(\S+( \S+){5}\))$/);
      else expect(fn.schedule, name).toBeNull();
    }
  });

  it("names the client asset folder the deploy uploads", () => {
    expect(manifest().static).toEqual({ folder: "build/client", prefix: "_static" });
  });

  it("is the file the compute module reads", () => {
    const main = readFileSync(join(manifestPath, "..", "main.tf"), "utf8");
    expect(main).toContain('manifest_path = "${path.module}/lambda-manifest.json"');
  });
});

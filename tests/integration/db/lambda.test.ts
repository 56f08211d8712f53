// The migration Lambda (arc/events/migrate): DATABASE_URL or a Secrets Manager secret read through
// the Parameters and Secrets extension, and the bundled index.mjs finding its migrations and
// engine next to itself.
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import * as esbuild from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type * as MigrateLambda from "../../../arc/events/migrate/index";
import { defaultWasmPath } from "../../../app/lib/db/migrate.server";
import { databaseUrlFromSecretString } from "../../../app/lib/db/secret-url.server";
import { createTestDatabase, query, REPO_MIGRATIONS, REPO_ROOT, type TestDatabase } from "./helpers";

const ENV_KEYS = [
  "DATABASE_URL",
  "DATABASE_URL_SECRET_ARN",
  "DATABASE_URL_PARAMS",
  "AWS_SESSION_TOKEN",
  "SECRETS_EXTENSION_ENDPOINT",
] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
function setEnv(values: Partial<Record<(typeof ENV_KEYS)[number], string>>) {
  for (const key of ENV_KEYS) {
    if (values[key] === undefined) delete process.env[key];
    else process.env[key] = values[key];
  }
}

/** A stand-in for the AWS Parameters and Secrets Lambda Extension. */
async function fakeSecretsExtension(secrets: Record<string, string>, token: string) {
  const requests: Array<{ secretId: string | null; token: string | undefined }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const secretId = url.searchParams.get("secretId");
    const given = req.headers["x-aws-parameters-secrets-token"];
    requests.push({ secretId, token: typeof given === "string" ? given : undefined });
    if (url.pathname !== "/secretsmanager/get" || given !== token) {
      res.writeHead(401).end("unauthorized");
    } else if (secretId === null || !(secretId in secrets)) {
      res.writeHead(400).end(JSON.stringify({ message: "Secrets Manager can't find the specified secret." }));
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ARN: secretId, Name: "db", SecretString: secrets[secretId], VersionId: "v1" }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("migration Lambda handler", () => {
  let db: TestDatabase;
  let names: string[];
  let handler: typeof MigrateLambda.handler;
  beforeAll(async () => {
    // By path: `npm run dev` leaves a (possibly stale) index.mjs beside index.ts, which an
    // extensionless import would pick.
    const lambda = (await import(path.join(REPO_ROOT, "arc/events/migrate/index.ts"))) as typeof MigrateLambda;
    handler = lambda.handler;
    db = await createTestDatabase();
    const { readdir } = await import("node:fs/promises");
    names = (await readdir(REPO_MIGRATIONS, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  });
  afterEach(() => setEnv(savedEnv));
  afterAll(async () => {
    await db?.drop();
  });

  it("applies the migrations to DATABASE_URL and returns their names", async () => {
    setEnv({ DATABASE_URL: db.url });
    expect(await handler()).toEqual({ applied: names });
    expect(await handler()).toEqual({ applied: [] });
  });

  it("stops on a failed migration (P3009) until invoked with {rolledBack}", async () => {
    setEnv({ DATABASE_URL: db.url });
    await handler(); // all applied (first test)
    await query(
      db.url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ('ghost-id', 'x', '20990101000000_ghost', 'boom', now(), 0)`,
    );
    await expect(handler({})).rejects.toMatchObject({ code: "P3009", migrationName: "20990101000000_ghost" });
    expect(await handler({ rolledBack: "20990101000000_ghost" })).toEqual({ applied: [] });
    const [row] = await query<{ rolled_back_at: Date | null }>(
      db.url,
      "SELECT rolled_back_at FROM _prisma_migrations WHERE migration_name = '20990101000000_ghost'",
    );
    expect(row?.rolled_back_at).toBeInstanceOf(Date);
    expect(await handler({})).toEqual({ applied: [] });
  });

  it("reads the URL from Secrets Manager through the extension when DATABASE_URL_SECRET_ARN is set", async () => {
    const other = await createTestDatabase();
    const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:calcapp/db-AbCdEf";
    const extension = await fakeSecretsExtension({ [arn]: other.url }, "session-token-1");
    try {
      setEnv({
        DATABASE_URL: "postgresql://wrong@127.0.0.1:1/nothing", // the secret wins
        DATABASE_URL_SECRET_ARN: arn,
        AWS_SESSION_TOKEN: "session-token-1",
        SECRETS_EXTENSION_ENDPOINT: extension.endpoint,
      });
      expect(await handler()).toEqual({ applied: names });
      expect(extension.requests).toEqual([{ secretId: arn, token: "session-token-1" }]);
      const rows = await query(other.url, "SELECT migration_name FROM _prisma_migrations");
      expect(rows).toHaveLength(names.length);
    } finally {
      await extension.close();
      await other.drop();
    }
  });

  it("throws (FunctionError) when the secret cannot be read or the database is unreachable", async () => {
    const extension = await fakeSecretsExtension({}, "token");
    try {
      setEnv({
        DATABASE_URL_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:missing",
        AWS_SESSION_TOKEN: "token",
        SECRETS_EXTENSION_ENDPOINT: extension.endpoint,
      });
      await expect(handler()).rejects.toThrow(/400.*can't find the specified secret/);
      // A 4xx other than "not ready" is not retried.
      expect(extension.requests).toHaveLength(1);
    } finally {
      await extension.close();
    }
    setEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nothing" });
    await expect(handler()).rejects.toThrow();
    setEnv({});
    await expect(handler()).rejects.toThrow(/DATABASE_URL/);
  });

  it("accepts a URL, {url} JSON or RDS-managed credentials JSON as the secret", () => {
    expect(databaseUrlFromSecretString(" postgresql://a:b@h:5432/d ")).toBe("postgresql://a:b@h:5432/d");
    expect(databaseUrlFromSecretString('{"url":"postgresql://x@h/d"}')).toBe("postgresql://x@h/d");
    expect(
      databaseUrlFromSecretString(
        JSON.stringify({ username: "app", password: "p@ss:w/rd", host: "db.example", port: 5432, dbname: "calcapp" }),
        "sslmode=verify-full",
      ),
    ).toBe("postgresql://app:p%40ss%3Aw%2Frd@db.example:5432/calcapp?sslmode=verify-full");
    expect(() => databaseUrlFromSecretString('{"password":"x"}')).toThrow(/username\/password\/host/);
  });
});

describe("bundled migration Lambda", () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), "calcapp-migrate-lambda-"));
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("runs from one index.mjs with ./migrations and ./schema_engine_bg.wasm beside it", async () => {
    // What the package step does (arc/tooling/package-lambdas.ts): esbuild bundle + extra files.
    await esbuild.build({
      entryPoints: [path.join(REPO_ROOT, "arc/events/migrate/index.ts")],
      outfile: path.join(dir, "index.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node24",
      minify: true,
      external: ["@aws-sdk/*"],
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
      logLevel: "silent",
    });
    await cp(REPO_MIGRATIONS, path.join(dir, "migrations"), { recursive: true });
    await cp(defaultWasmPath(), path.join(dir, "schema_engine_bg.wasm"));

    const run = `const { handler } = await import(${JSON.stringify(path.join(dir, "index.mjs"))});
      process.stdout.write(JSON.stringify(await handler()));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", run], {
      cwd: dir, // far from the repo: nothing to find but what sits next to the bundle
      env: { ...process.env, DATABASE_URL: db.url, DATABASE_URL_SECRET_ARN: undefined },
    });
    const names = (await query<{ migration_name: string }>(db.url, "SELECT migration_name FROM _prisma_migrations ORDER BY 1")).map(
      (row) => row.migration_name,
    );
    expect(names.length).toBeGreaterThan(0);
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "")).toEqual({ applied: names });
  });
});

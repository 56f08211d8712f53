// `npm start` (the packaged Lambdas behind the local API Gateway emulation) as a real process on a
// free port, for integration tests over real HTTP. Each server gets its own SESSION_SECRET, its own
// Redis key prefix and whatever database and environment the test gives it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import { repoRoot } from "../../arc/app-map";
import { lambdaNodeBinary } from "../../arc/local/lambda-node";
import { Client } from "./http-client";
import { deleteKeysWithPrefix } from "./redis-keys";
import { startSesFake } from "./ses-fake/server";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export type AppServer = {
  url: string;
  keyPrefix: string;
  redisUrl: string;
  /** The X-Origin-Verify value this server trusts (lets tests speak as CloudFront with a viewer address). */
  originSecret: string;
  /** The loopback SES fake this server mails through (read with tests/support/ses-fake/mailbox.ts). */
  mailUrl: string;
  output(): string;
  /** A browser stand-in reaching the app as CloudFront does (the origin secret; a viewer address if given). */
  client(viewerIp?: string): Client;
  /** fetch() as CloudFront forwards it: with the origin secret. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
};

export type AppOptions = {
  databaseUrl: string;
  redisUrl?: string | null;
  env?: Record<string, string>;
  /** Serve these packages instead of lambda-packages/ (the integration tests' snapshot). */
  packages?: { packagesDir: string; staticDir: string };
  /**
   * Put the CloudFront stand-in in front (npm start's CLOUDFRONT=1), for browsers, which cannot
   * add X-Origin-Verify. Otherwise the URL is API Gateway's own: requests must carry the secret
   * (originSecret) as CloudFront would, or get 403.
   */
  cloudfront?: boolean;
};

export async function startApp(options: AppOptions): Promise<AppServer> {
  const port = await freePort();
  const keyPrefix = `calcapp:test:${randomUUID()}:`;
  const originSecret = randomBytes(24).toString("base64url");
  const redisUrl = options.redisUrl === undefined ? REDIS_URL : options.redisUrl;
  // Account mail goes to a local SES receiver, as in development; never to AWS.
  const mail = await startSesFake();
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: options.databaseUrl,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    REDIS_KEY_PREFIX: keyPrefix,
    SESSION_SECRET: randomBytes(48).toString("base64"),
    JWT_SIGNING_KEYS: `test-1:${randomBytes(48).toString("base64url")}`,
    ORIGIN_VERIFY_SECRET: originSecret,
    LOG_LEVEL: "warn",
    SES_ENDPOINT: mail.url,
    ...(options.cloudfront ? { CLOUDFRONT: "1" } : {}),
    ...(options.packages ? { LAMBDA_PACKAGES_DIR: options.packages.packagesDir, STATIC_DIR: options.packages.staticDir } : {}),
    ...options.env,
  };
  let output = "";
  // On the Lambda runtime's Node, as in production (arc/local/lambda-node.ts).
  const node = lambdaNodeBinary() ?? process.execPath;
  const child: ChildProcess = spawn(node, ["--import", "tsx", join(repoRoot, "arc", "local", "serve-lambdas.ts")], {
    cwd: repoRoot,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    try {
      // Any answer will do: the health routes may be meant to fail in a test.
      await fetch(`${url}/v1/calculate`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`npm start did not answer within 20 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    keyPrefix,
    redisUrl: redisUrl ?? "",
    originSecret,
    mailUrl: mail.url,
    output: () => output,
    client: (viewerIp) => new Client(url, { ip: viewerIp, secret: originSecret }),
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set("x-origin-verify", originSecret);
      return fetch(new URL(path, url), { ...init, headers });
    },
    /** Stops the server and deletes its Redis keys (when that Redis still answers). */
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      if (redisUrl) await deleteKeysWithPrefix(redisUrl, keyPrefix).catch(() => 0);
      await mail.close().catch(() => {});
    },
  };
}

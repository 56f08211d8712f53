// Playwright's web server: `npm start` (the packaged Lambdas, NODE_ENV=production, on the Lambda
// runtime's Node) against a fresh database (calcapp_e2e_<timestamp>, migrated with the project's
// runner) and the machine's Redis under a key prefix of its own, with a random SESSION_SECRET.
// E2E_CLOUDFRONT=1 serves it behind the CloudFront stand-in (arc/local/cloudfront.ts), with the
// APP_ORIGIN and origin secret terraform sets. Database and keys go when it stops. Mail goes to a
// loopback SES fake on PORT + 1000 (e2eMailUrl in tests/e2e/mail.ts), which the specs read.
import { randomBytes } from "node:crypto";
import { cloudFrontEdge } from "../../arc/local/cloudfront";
import { reexecOnLambdaNode } from "../../arc/local/lambda-node";
import { createLambdaServer } from "../../arc/local/lambda-server";
import { createMigratedDatabase, dropStaleDatabases } from "./test-database";
import { deleteKeysWithPrefix } from "./redis-keys";
import { startSesFake } from "./ses-fake/server";

if (!reexecOnLambdaNode(import.meta.url)) await serve();

async function serve(): Promise<void> {
  const port = Number(process.env.PORT ?? 3210);
  const redisUrl = process.env.E2E_REDIS_URL ?? "redis://127.0.0.1:6379";
  const behindCloudFront = process.env.E2E_CLOUDFRONT === "1";
  const stamp = Date.now();

  // Databases of runs that were killed before cleaning up (a run lasts minutes, not hours).
  await dropStaleDatabases("calcapp_e2e", 2 * 3_600_000);
  const database = await createMigratedDatabase("calcapp_e2e");
  const keyPrefix = `calcapp:e2e:${stamp}:${port}:`;
  const originSecret = randomBytes(24).toString("base64url");
  const mail = await startSesFake({ port: port + 1000 });

  // Read by the packaged handlers at their cold start, i.e. when createLambdaServer imports them.
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    SESSION_SECRET: randomBytes(48).toString("base64"),
    JWT_SIGNING_KEYS: `test-1:${randomBytes(48).toString("base64url")}`,
    // Every browser of the suite comes from 127.0.0.1: without this, the sixth sign-up of a run
    // would be refused (5 per address an hour). The limits themselves are integration-tested.
    RATE_LIMIT_MULTIPLIER: "100",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    SES_ENDPOINT: mail.url,
    ...(behindCloudFront ? { APP_ORIGIN: `http://127.0.0.1:${port},http://localhost:${port}`, ORIGIN_VERIFY_SECRET: originSecret } : {}),
  });

  let server: Awaited<ReturnType<typeof createLambdaServer>> | undefined;
  let stopping = false;
  async function stop(code: number): Promise<never> {
    if (!stopping) {
      stopping = true;
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await Promise.allSettled([database.drop(), deleteKeysWithPrefix(redisUrl, keyPrefix), mail.close()]);
    }
    process.exit(code);
  }
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));

  try {
    server = await createLambdaServer({ cloudfront: behindCloudFront ? cloudFrontEdge(originSecret) : undefined });
    server.keepAliveTimeout = 65_000;
    server.listen(port, "127.0.0.1", () =>
      console.log(
        `e2e: CalcApp Lambdas (Node ${process.versions.node}) on http://127.0.0.1:${port}${behindCloudFront ? " behind CloudFront" : ""} (database ${database.name})`,
      ),
    );
  } catch (error) {
    console.error(error);
    await stop(1);
  }
}

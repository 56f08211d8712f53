// `PORT=… npm start`: the packaged Lambdas (lambda-packages/) served warm, routed as app.arc routes
// them, on the Lambda runtime's Node (arc/local/lambda-node.ts). WEB_CONCURRENCY > 1 runs that
// many instances on the port, as concurrent Lambda containers. CLOUDFRONT=1 puts CloudFront in
// front (arc/local/cloudfront.ts): the Lambdas see requests exactly as in production (API
// Gateway's Host, the viewer in CloudFront's headers, X-Origin-Verify), with APP_ORIGIN and
// ORIGIN_VERIFY_SECRET set to match unless given.
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { cloudFrontEdge } from "./cloudfront";
import { reexecOnLambdaNode } from "./lambda-node";
import { createLambdaServer, stopServing } from "./lambda-server";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const instances = Math.max(1, Math.min(Number(process.env.WEB_CONCURRENCY ?? 1) || 1, availableParallelism() * 4));
const behindCloudFront = ["1", "true"].includes(process.env.CLOUDFRONT ?? "");

if (cluster.isPrimary && reexecOnLambdaNode(import.meta.url)) {
  // The same script now runs on the Lambda runtime's Node; this process only relays signals.
} else if (cluster.isPrimary && instances > 1) {
  if (behindCloudFront) configureCloudFront();
  for (let i = 0; i < instances; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    if (code !== 0) console.error(`instance ${worker.process.pid} exited with ${code}`);
  });
  console.log(`CalcApp Lambdas (Node ${process.versions.node}): ${instances} instances on http://${host}:${port}${behindCloudFront ? " behind CloudFront" : ""}`);
} else {
  // Workers inherit the primary's environment, so only a single instance configures it here.
  if (behindCloudFront && cluster.isPrimary) configureCloudFront();
  // LAMBDA_PACKAGES_DIR / STATIC_DIR: serve a copy (tests snapshot them, so a concurrent
  // `npm run package` cannot pull files from under a running server).
  const server = await createLambdaServer({
    packagesDir: process.env.LAMBDA_PACKAGES_DIR || undefined,
    staticDir: process.env.STATIC_DIR || undefined,
    cloudfront: behindCloudFront ? cloudFrontEdge(process.env.ORIGIN_VERIFY_SECRET) : undefined,
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, host, () => {
    if (instances === 1) {
      console.log(`CalcApp Lambdas (Node ${process.versions.node}) listening on http://${host}:${port}${behindCloudFront ? " behind CloudFront" : ""}`);
    }
  });
  const stop = () => void stopServing(server, 30_000).then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** What terraform gives the Lambdas behind CloudFront: the public origin and the origin secret. */
function configureCloudFront(): void {
  const origins = [`http://${host}:${port}`, ...(host === "127.0.0.1" ? [`http://localhost:${port}`] : [])];
  process.env.APP_ORIGIN ||= origins.join(",");
  process.env.ORIGIN_VERIFY_SECRET ||= randomBytes(24).toString("base64url");
}

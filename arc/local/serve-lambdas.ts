// `PORT=… npm start`: the packaged Lambdas (lambda-packages/) served warm, routed as app.arc routes
// them. WEB_CONCURRENCY > 1 runs that many instances on the port, as concurrent Lambda containers.
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { createLambdaServer } from "./lambda-server";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const instances = Math.max(1, Math.min(Number(process.env.WEB_CONCURRENCY ?? 1) || 1, availableParallelism() * 4));

if (cluster.isPrimary && instances > 1) {
  for (let i = 0; i < instances; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    if (code !== 0) console.error(`instance ${worker.process.pid} exited with ${code}`);
  });
  console.log(`CalcApp Lambdas: ${instances} instances on http://${host}:${port}`);
} else {
  // LAMBDA_PACKAGES_DIR / STATIC_DIR: serve a copy (tests snapshot them, so a concurrent
  // `npm run package` cannot pull files from under a running server).
  const server = await createLambdaServer({
    packagesDir: process.env.LAMBDA_PACKAGES_DIR || undefined,
    staticDir: process.env.STATIC_DIR || undefined,
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, host, () => {
    if (instances === 1) console.log(`CalcApp Lambdas listening on http://${host}:${port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

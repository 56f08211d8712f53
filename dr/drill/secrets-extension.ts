// The drill's AWS Parameters and Secrets Lambda Extension: GET /secretsmanager/get?secretId=<id>
// answers {"SecretString": <the file <dir>/<id>.json>}, as the extension does on port 2773 inside a
// Lambda. The app reads its database secret and region role through it exactly as in AWS
// (app/lib/db/secret-url.server.ts with SECRETS_EXTENSION_ENDPOINT), so a secret the operators'
// script rewrites reaches every new "container".
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";

export async function startSecretsExtension(dir: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const id = url.searchParams.get("secretId") ?? "";
    const file = join(dir, `${id.replace(/[^a-z0-9_-]/gi, "_")}.json`);
    if (url.pathname !== "/secretsmanager/get" || !req.headers["x-aws-parameters-secrets-token"]) {
      res.writeHead(400).end("bad request");
      return;
    }
    if (!existsSync(file)) {
      res.writeHead(404).end(`ResourceNotFoundException: ${id}`);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ Name: id, SecretString: readFileSync(file, "utf8") }));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

// In production the signing keys come from Secrets Manager (JWT_SIGNING_KEYS_ARN), read through
// the Parameters and Secrets extension; here a local stand-in of the extension's HTTP API serves them.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyRing } from "./signing-keys.server";

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:calcapp/jwt-signing-keys";
let server: Server;
let served = "";
const requests: Array<{ secretId: string | null; token: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push({ secretId: url.searchParams.get("secretId"), token: req.headers["x-aws-parameters-secrets-token"] as string | undefined });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ SecretString: served }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SECRETS_EXTENSION_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_SESSION_TOKEN = "session-token";
});
afterAll(async () => {
  for (const name of ["SECRETS_EXTENSION_ENDPOINT", "AWS_SESSION_TOKEN", "JWT_SIGNING_KEYS_ARN", "JWT_SIGNING_KEYS"]) delete process.env[name];
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  delete process.env.JWT_SIGNING_KEYS;
  requests.length = 0;
});

describe("the key ring", () => {
  it("reads JWT_SIGNING_KEYS_ARN through the secrets extension once, the first key signing and every key verifying", async () => {
    served = `new:${"n".repeat(40)},old:${"o".repeat(40)}`;
    process.env.JWT_SIGNING_KEYS_ARN = ARN;
    const ring = await keyRing();
    expect(ring.signing.kid).toBe("new");
    expect([...ring.verifying.keys()]).toEqual(["new", "old"]);
    expect(new TextDecoder().decode(ring.verifying.get("old"))).toBe("o".repeat(40));
    await keyRing();
    expect(requests).toEqual([{ secretId: ARN, token: "session-token" }]);
  });

  it("refuses a weak secret from the ARN, naming where it came from", async () => {
    process.env.JWT_SIGNING_KEYS_ARN = `${ARN}-weak`;
    served = "k1:short";
    await expect(keyRing()).rejects.toThrow(/JWT_SIGNING_KEYS \(from JWT_SIGNING_KEYS_ARN\): key 1 \(k1\) needs a secret of at least 32/);
  });

  it("prefers JWT_SIGNING_KEYS when it is set", async () => {
    process.env.JWT_SIGNING_KEYS = `local:${"l".repeat(40)}`;
    expect((await keyRing()).signing.kid).toBe("local");
    expect(requests).toEqual([]);
  });
});

// Shared by the in-process API tests: the /v1 route modules called as the Lambdas call them, on
// a fresh PostgreSQL database and the machine's Redis (tests/integration/history/helpers.ts), and
// every response checked against the OpenAPI description.
import { randomBytes } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { hashPassword } from "../../../app/lib/auth/password-hash.server";
import { getPrisma } from "../../../app/lib/db/client.server";
import * as token from "../../../app/routes/v1.auth.token";
import * as refresh from "../../../app/routes/v1.auth.refresh";
import * as logout from "../../../app/routes/v1.auth.logout";
import * as me from "../../../app/routes/v1.me";
import * as history from "../../../app/routes/v1.history";
import * as historyItem from "../../../app/routes/v1.history_.$id";
import { checkResponse, type CheckedResponse } from "../../support/openapi-validator";

export const ORIGIN = "http://calcapp.test";
export const PASSWORD = "correct horse battery staple";

type RouteModule = {
  loader: (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<Response>;
  action: (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<Response>;
};

function route(path: string): { module: RouteModule; params: Record<string, string> } {
  const fixed: Record<string, RouteModule> = {
    "/v1/auth/token": token as RouteModule,
    "/v1/auth/refresh": refresh as RouteModule,
    "/v1/auth/logout": logout as RouteModule,
    "/v1/me": me as RouteModule,
    "/v1/history": history as RouteModule,
  };
  const found = fixed[path];
  if (found) return { module: found, params: {} };
  const item = /^\/v1\/history\/([^/]+)$/.exec(path);
  if (item?.[1]) return { module: historyItem as RouteModule, params: { id: decodeURIComponent(item[1]) } };
  throw new Error(`no route for ${path}`);
}

let ipCount = 0;
/** A documentation-range address per request, so the per-IP limits of one test do not add up. */
const nextIp = () => `198.51.100.${(ipCount++ % 250) + 1}`;

export type CallOptions = { token?: string; json?: unknown; headers?: Record<string, string>; ip?: string };

/** One /v1 request through its route module; the response is checked against the description. */
export async function api(method: string, pathAndQuery: string, options: CallOptions = {}): Promise<CheckedResponse> {
  const url = `${ORIGIN}${pathAndQuery}`;
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  const request = new Request(url, { method, headers, body });
  const { module, params } = route(new URL(url).pathname);
  const context = { requestId: "test", sourceIp: options.ip ?? nextIp(), viewerAddress: null } as unknown as AppLoadContext;
  const handler = method === "GET" || method === "HEAD" ? module.loader : module.action;
  return checkResponse(method, url, await handler({ request, params, context }));
}

let userCount = 0;

/** A user with a real password hash, so POST /v1/auth/token works. */
export async function createUser(password = PASSWORD): Promise<{ id: string; email: string }> {
  const prisma = await getPrisma();
  const email = `api${++userCount}-${randomBytes(3).toString("hex")}@example.com`;
  return prisma.user.create({ data: { email, passwordHash: await hashPassword(password) }, select: { id: true, email: true } });
}

export type Tokens = { access_token: string; refresh_token: string; expires_in: number; refresh_expires_in: number; token_type: string };

export async function signIn(email: string, password = PASSWORD): Promise<Tokens> {
  const answer = await api("POST", "/v1/auth/token", { json: { email, password } });
  if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
  return answer.body as Tokens;
}

/** A signing key line for JWT_SIGNING_KEYS. */
export const signingKey = (kid: string) => ({ kid, secret: randomBytes(48).toString("base64url") });
export const keysValue = (...keys: Array<{ kid: string; secret: string }>) => keys.map((key) => `${key.kid}:${key.secret}`).join(",");

// The dev-only page at /dev/mail: outside production, shows what the local SES fake
// (SES_ENDPOINT) kept, so a person trying sign-up locally can open the verification link.
// In production, or outside development without SES_ENDPOINT, it does not exist (404).
import { processEnv, type EnvSource } from "../env.server";
import { emailConfig } from "./send.server";

export async function devMailbox(env: EnvSource = processEnv()): Promise<Response> {
  const notFound = () => new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  if (env.NODE_ENV === "production") return notFound();
  const { endpoint } = emailConfig(env);
  if (!endpoint) return notFound();
  const upstream = await fetch(`${endpoint.replace(/\/$/, "")}/`).catch(() => null);
  if (!upstream) {
    return new Response(`The local SES fake does not answer at ${endpoint}: \`npm run dev\` starts it (or \`npm run dev:mail\`).`, {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response(await upstream.text(), {
    status: upstream.status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" },
  });
}

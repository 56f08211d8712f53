// The "known device" cookie: set at each successful login, signed with the session secrets, it
// names the accounts that logged in from this browser (SHA-256 of the email, truncated). A
// browser that carries it for an email is exempt from that email's limit, so an attacker who
// floods alice@'s logins cannot lock alice out of her usual browser. It proves only that this
// browser logged in as that email before; the password is still checked, and the device's own
// failure counter (login-limits.server.ts) keeps a stolen cookie from being a free pass.
import { createHash, randomBytes } from "node:crypto";
import { createCookie, type Cookie } from "@remix-run/node";
import * as z from "zod/mini";
import { getEnv } from "../env.server";
import { sessionCookieSecrets } from "../sessions/session.server";

export const DEVICE_COOKIE = "__device";
const MAX_ACCOUNTS = 5;
const LIFETIME_S = 365 * 86_400;

const payload = z.object({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/)), accounts: z.array(z.string().check(z.maxLength(32))).check(z.maxLength(MAX_ACCOUNTS)) });
export type KnownDevice = z.infer<typeof payload>;

export const emailTag = (email: string) => createHash("sha256").update(`known-device:${email}`).digest("base64url").slice(0, 22);

let cookie: Promise<Cookie> | undefined;
function deviceCookie(): Promise<Cookie> {
  cookie ??= sessionCookieSecrets().then((secrets) =>
    createCookie(DEVICE_COOKIE, { secrets, httpOnly: true, sameSite: "lax", secure: getEnv().NODE_ENV !== "development", path: "/", maxAge: LIFETIME_S }),
  );
  return cookie;
}

/** The device this request's cookie names, if its signature holds. */
export async function readKnownDevice(request: Request): Promise<KnownDevice | null> {
  const value: unknown = await (await deviceCookie()).parse(request.headers.get("cookie"));
  const parsed = payload.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function knows(device: KnownDevice | null, email: string): boolean {
  return device?.accounts.includes(emailTag(email)) ?? false;
}

/** The Set-Cookie header that adds `email` to this browser's known accounts (newest first). */
export async function rememberDevice(device: KnownDevice | null, email: string): Promise<string> {
  const tag = emailTag(email);
  const next: KnownDevice = {
    id: device?.id ?? randomBytes(16).toString("base64url"),
    accounts: [tag, ...(device?.accounts ?? []).filter((t) => t !== tag)].slice(0, MAX_ACCOUNTS),
  };
  return (await deviceCookie()).serialize(next);
}

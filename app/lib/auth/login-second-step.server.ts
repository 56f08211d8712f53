// The second step of a login with two-factor on: the password was right, so the pending login
// (user, "remember me", where to go) waits 5 minutes in the store under a random id, which a
// short-lived cookie carries to /login/two-factor. A right code (or recovery code) starts the
// session with the remembered choice and marks the browser as known.
import { randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import * as z from "zod/mini";
import { getEnv } from "../env.server";
import { orUnavailable, startUserSession } from "../sessions/session.server";
import { getStore } from "../store/get-store.server";
import { fieldErrorsOf, formResult, readAuthForm, tooManyAttempts, type FormResult } from "./form.server";
import { readKnownDevice, rememberDevice } from "./known-device.server";
import { admitGuess, verifySecondFactor } from "./two-factor.server";

const TTL_S = 5 * 60;
const key = (id: string) => `login-2fa:${id}`;
const pendingCookie = () =>
  createCookie("__login2fa", { httpOnly: true, sameSite: "lax", secure: getEnv().NODE_ENV !== "development", path: "/", maxAge: TTL_S });

const pending = z.object({ userId: z.string(), email: z.string(), remember: z.boolean(), redirectTo: z.string() });
type Pending = z.infer<typeof pending>;

/** Throws the redirect to the second step. */
export async function startSecondStep(login: Pending): Promise<never> {
  const id = randomBytes(32).toString("base64url");
  await (await getStore()).set(key(id), JSON.stringify(login), TTL_S * 1000);
  throw redirect("/login/two-factor", { headers: { "Set-Cookie": await pendingCookie().serialize(id) } });
}

async function readPending(request: Request): Promise<{ id: string; login: Pending } | null> {
  const id: unknown = await pendingCookie().parse(request.headers.get("cookie"));
  if (typeof id !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
  const text = await (await getStore()).get(key(id));
  const parsed = text ? pending.safeParse(JSON.parse(text)) : null;
  return parsed?.success ? { id, login: parsed.data } : null;
}

/** GET /login/two-factor: the page, or back to /login when nothing is pending. */
export async function loadSecondStep(request: Request): Promise<{ email: string }> {
  const found = await orUnavailable(() => readPending(request));
  if (!found) throw redirect("/login");
  return { email: found.login.email };
}

const codeForm = z.object({ code: z.string({ error: "Enter the code." }).check(z.minLength(1, "Enter the code."), z.maxLength(64, "Enter the code.")) });

/** POST /login/two-factor. */
export function completeSecondStep(request: Request): Promise<FormResult> {
  return orUnavailable(async () => {
    const found = await readPending(request);
    if (!found) throw redirect("/login");
    const fields = await readAuthForm(request);
    if (!(fields instanceof URLSearchParams)) return fields;
    const parsed = codeForm.safeParse(Object.fromEntries(fields));
    if (!parsed.success) return formResult(400, { fieldErrors: fieldErrorsOf(parsed.error.issues) });
    const { login } = found;
    const limit = await admitGuess(login.userId);
    if (!limit.allowed) return tooManyAttempts(limit.retryAfterSeconds, "code attempts");
    if (!(await verifySecondFactor(login.userId, parsed.data.code))) {
      return formResult(400, { fieldErrors: { code: "That code is not right. Use the current code from your app, or one of your recovery codes." } });
    }
    await (await getStore()).del([key(found.id)]);
    const headers = new Headers();
    headers.append("Set-Cookie", await startUserSession(request, { id: login.userId, email: login.email }, login.remember));
    headers.append("Set-Cookie", await rememberDevice(await readKnownDevice(request), login.email));
    headers.append("Set-Cookie", await pendingCookie().serialize("", { maxAge: 0 }));
    throw redirect(login.redirectTo, { headers });
  });
}

// The plumbing login and sign-up share: read the capped form, run remix-auth's FormStrategy with
// the client's rate-limit subject, turn a refusal into the form's answer, and start the session.
// Each caller only writes its `verify`, which returns the user or throws Refused.
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { clientIp, rateLimitSubject } from "../http/client-ip";
import { orUnavailable, startUserSession, type SessionUser } from "../sessions/session.server";
import { fieldErrorsOf, formRequest, formResult, readAuthForm, type FormResult } from "./form.server";

/** Thrown by a `verify`: carries the answer for the page. */
export class Refused extends Error {
  constructor(readonly result: FormResult) {
    super(result.formError ?? "refused");
  }
}

/** A 400 naming each bad field, echoing the email as typed (never the password). */
export function invalidForm(form: FormData, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Refused {
  const typedEmail = typeof form.get("email") === "string" ? String(form.get("email")).slice(0, 254) : undefined;
  return new Refused(formResult(400, { fieldErrors: fieldErrorsOf(issues), email: typedEmail }));
}

export type Authenticated = SessionUser & { redirectTo: string; remember?: boolean; setCookies?: string[] };

/**
 * POST of an account form: what to show on the form, or, once signed in, a thrown redirect with
 * the session cookie (Remix answers a thrown response as it is).
 */
export function authenticateForm<User extends Authenticated>(
  request: Request,
  context: AppLoadContext,
  name: string,
  verify: (form: FormData, ipSubject: string, request: Request) => Promise<User>,
): Promise<FormResult> {
  return orUnavailable(async () => {
    const fields = await readAuthForm(request);
    if (!(fields instanceof URLSearchParams)) return fields;
    const ip = rateLimitSubject(clientIp(context));
    const authenticator = new Authenticator<User>().use(new FormStrategy(({ form }) => verify(form, ip, request)), name);
    let user: User;
    try {
      user = await authenticator.authenticate(name, formRequest(request, fields));
    } catch (error) {
      if (error instanceof Refused) return error.result;
      throw error;
    }
    const headers = new Headers();
    headers.append("Set-Cookie", await startUserSession(request, user, user.remember ?? false));
    for (const cookie of user.setCookies ?? []) headers.append("Set-Cookie", cookie);
    throw redirect(user.redirectTo, { headers });
  });
}

// /login and /signup are for people who are not signed in: a signed-in visitor goes on to
// `redirectTo` (or home). Only a request with a session cookie pays for the session lookup, so a
// guest's page load never loads the store.
import { redirect } from "@remix-run/node";
import { hasSessionCookie } from "../sessions/session-cookie";
import { lazy } from "../lazy";

const sessionModule = lazy(() => import("../sessions/session.server"));

export async function requireAnonymous(request: Request, redirectTo: string): Promise<void> {
  if (!hasSessionCookie(request)) return;
  const { navState } = await sessionModule();
  if ((await navState(request)).user) throw redirect(redirectTo || "/");
}

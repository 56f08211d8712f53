// Recording a result the calculator just computed ("=" on the keypad or an evaluated typed
// expression), wherever it came from: the background POST /history/save (JavaScript on) or the
// keypad form's action (JavaScript off). Signed in: a row in calculation_history. Guest: the
// session's latest-results list.
import type { AppLoadContext } from "@remix-run/node";
import { hasSessionCookie } from "../sessions/session-cookie";
import { getSessionUser } from "../sessions/session.server";
import { saveEntry } from "./entries.server";
import { evaluateForSave } from "./evaluate-for-save";
import { addGuestResult } from "../sessions/guest-session.server";
import type { InputMode } from "../calculator/input-mode";

export type Recorded =
  | { ok: true; where: "history"; id: string }
  | { ok: true; where: "session"; setCookie: string }
  | { ok: false; status: 422; message: string }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number };

export const GUEST_LIMIT_MESSAGE = "Too many guests on your network are keeping results right now, so this one was not kept. Sign up to keep your history.";

/**
 * Evaluates `expression` again with the engine and records the engine's result. Throws
 * StoreUnavailableError when the session store is down: the caller decides how to show it.
 */
export async function recordEvaluation(
  request: Request,
  context: Pick<AppLoadContext, "sourceIp" | "viewerAddress">,
  expression: string,
  input: InputMode,
): Promise<Recorded> {
  const evaluated = evaluateForSave(expression);
  if (!evaluated.ok) return { ok: false, status: 422, message: evaluated.reason };
  const user = hasSessionCookie(request) ? await getSessionUser(request) : null;
  if (user) {
    const id = await saveEntry(user.id, { expression: evaluated.expression, result: evaluated.result, metadata: { input } });
    return { ok: true, where: "history", id };
  }
  const added = await addGuestResult(request, context, { expression: evaluated.expression, result: evaluated.result, input, at: Date.now() });
  if (!added.ok) return { ok: false, status: 429, message: GUEST_LIMIT_MESSAGE, retryAfterSeconds: added.retryAfterSeconds };
  return { ok: true, where: "session", setCookie: added.setCookie };
}

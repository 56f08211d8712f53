// The calculator without JavaScript: the keypad is a form, each key a submit button, and the
// server computes the next state from the state the page posted back. That state comes from the
// client, so it is validated like any other input. A result ("=" or a typed expression) is
// recorded too: to the history when signed in, else to the session's latest results.
import type { AppLoadContext } from "@remix-run/node";
import * as z from "zod/mini";
import { enterExpression, initialState, keyRefusal, MAX_EXPRESSION_LENGTH, press, type CalculatorState, type Key } from "~/lib/calculator";
import { calculatorStateSchema, keySchema } from "~/lib/calculator/state-schema";
import { readFormOrRefusal } from "~/lib/http/body.server";
import { HttpError } from "~/lib/http/http-error";
import { lazy } from "../lazy";

const keypadSaveModule = lazy(() => import("./keypad-save.server"));

// A state (≤ ~3 KB of JSON) plus a typed expression (≤ 1,000 characters, URL-encoded).
const MAX_FORM_BYTES = 16 * 1024;

const formSchema = z.union([
  z.strictObject({ state: z.string(), key: keySchema }),
  z.strictObject({ state: z.string(), expression: z.string().check(z.maxLength(MAX_EXPRESSION_LENGTH)) }),
]);

export type KeypadResult = {
  state: CalculatorState;
  error: string | null;
  /** Why the key did nothing, when it did nothing. */
  hint: string | null;
  /** The key pressed, or "expression" for a typed one; null when refused. */
  focus: Key | "expression" | null;
  status: number;
  /** What was posted: a key ("keypad") or a typed expression ("typed"); null when refused. */
  input: "keypad" | "typed" | null;
};

export type KeypadSubmission = {
  state: CalculatorState;
  error: string | null;
  hint: string | null;
  focus: Key | "expression" | null;
  /** Why a result was not kept, when saving it failed; the result is shown all the same. */
  saveNotice: string | null;
  status: number;
  headers: Headers;
};

/** The keypad form's action: the next state, and the result recorded when there is one. */
export async function submitKeypad(request: Request, context: Pick<AppLoadContext, "sourceIp" | "viewerAddress">): Promise<KeypadSubmission> {
  const result = await handleKeypadPost(request);
  const headers = new Headers();
  let saveNotice: string | null = null;
  if (result.status === 200 && result.input) {
    // Loaded on demand: recording reaches the session store and the database, which a key press
    // that computes nothing (most of them) never needs.
    const { saveKeypadEvaluation } = await keypadSaveModule();
    const saved = await saveKeypadEvaluation(request, context, result.state, result.input);
    saveNotice = saved.notice;
    if (saved.setCookie) headers.append("Set-Cookie", saved.setCookie);
  }
  return { state: result.state, error: result.error, hint: result.hint, focus: result.focus, saveNotice, status: result.status, headers };
}

async function handleKeypadPost(request: Request): Promise<KeypadResult> {
  const fields = await readFormOrRefusal(request, MAX_FORM_BYTES);
  if (fields instanceof HttpError) return { state: initialState, error: fields.message, hint: null, focus: null, status: fields.status, input: null };
  const form = formSchema.safeParse(Object.fromEntries(fields));
  if (!form.success) {
    const tooLong = (fields.get("expression")?.length ?? 0) > MAX_EXPRESSION_LENGTH;
    return refused(
      tooLong
        ? `Expression is too long (max ${MAX_EXPRESSION_LENGTH.toLocaleString("en-US")} characters)`
        : "That key or expression was not understood.",
    );
  }
  const state = parseState(form.data.state);
  if (!state) return refused("The calculator state sent by the page was invalid, so it was reset.");
  if ("key" in form.data) {
    return { state: press(state, form.data.key), error: null, hint: keyRefusal(state, form.data.key), focus: form.data.key, status: 200, input: "keypad" };
  }
  return { state: enterExpression(state, form.data.expression), error: null, hint: null, focus: "expression", status: 200, input: "typed" };
}

function parseState(raw: string): CalculatorState | null {
  try {
    const parsed = calculatorStateSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function refused(message: string): KeypadResult {
  return { state: initialState, error: message, hint: null, focus: null, status: 400, input: null };
}

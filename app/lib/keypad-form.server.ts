// The calculator without JavaScript: the keypad is a form, each key a submit button, and the
// server computes the next state from the state the page posted back. That state comes from the
// client, so it is validated like any other input.
import * as z from "zod/mini";
import { enterExpression, initialState, MAX_EXPRESSION_LENGTH, press, type CalculatorState } from "~/lib/calculator";
import { calculatorStateSchema, keySchema } from "~/lib/calculator/state-schema";
import { HttpError, readFormBody } from "~/lib/http/body.server";

// A state (≤ ~3 KB of JSON) plus a typed expression (≤ 1,000 characters, URL-encoded).
const MAX_FORM_BYTES = 16 * 1024;

const formSchema = z.union([
  z.strictObject({ state: z.string(), key: keySchema }),
  z.strictObject({ state: z.string(), expression: z.string().check(z.maxLength(MAX_EXPRESSION_LENGTH)) }),
]);

export type KeypadResult = {
  state: CalculatorState;
  error: string | null;
  status: number;
  /** What was posted: a key ("keypad") or a typed expression ("typed"); null when refused. */
  input: "keypad" | "typed" | null;
};

export async function handleKeypadPost(request: Request): Promise<KeypadResult> {
  let fields: URLSearchParams;
  try {
    fields = await readFormBody(request, MAX_FORM_BYTES);
  } catch (error) {
    if (error instanceof HttpError) return { state: initialState, error: error.message, status: error.status, input: null };
    throw error;
  }
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
  if ("key" in form.data) return { state: press(state, form.data.key), error: null, status: 200, input: "keypad" };
  return { state: enterExpression(state, form.data.expression), error: null, status: 200, input: "typed" };
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
  return { state: initialState, error: message, status: 400, input: null };
}

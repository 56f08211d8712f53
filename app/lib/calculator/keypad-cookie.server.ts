// With JavaScript off each key press is a POST that answers 303 to the calculator page, so Reload
// and Back never post again. The next state and what to say about it travel to that GET in this cookie. It comes
// back from the browser, so it is validated like the form it replaces.
import * as z from "zod/mini";
import { runtimeEnv } from "~/lib/env.server";
import type { CalculatorState } from "~/lib/calculator";
import { calculatorStateSchema, keySchema } from "./state-schema";

export const KEYPAD_COOKIE = "calc";
const message = z.nullable(z.string().check(z.maxLength(400)));

const carriedSchema = z.strictObject({
  state: calculatorStateSchema,
  error: message,
  hint: message,
  saveNotice: message,
  /** Where focus goes on the next page: the key pressed, or the typed field. */
  focus: z.nullable(z.union([keySchema, z.literal("expression")])),
});

export type KeypadCarried = z.infer<typeof carriedSchema>;

function cookieAttributes(): string {
  const secure = runtimeEnv().NODE_ENV !== "development";
  return `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function keypadCookie(carried: KeypadCarried): string {
  const value = Buffer.from(JSON.stringify(carried), "utf8").toString("base64url");
  return `${KEYPAD_COOKIE}=${value}; ${cookieAttributes()}`;
}

/** The cookie again with only the state: messages and focus are for one page view. */
export function keypadStateOnlyCookie(state: CalculatorState): string {
  return keypadCookie({ state, error: null, hint: null, saveNotice: null, focus: null });
}

export function readKeypadCookie(request: Request): KeypadCarried | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  const raw = header
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${KEYPAD_COOKIE}=`))
    ?.slice(KEYPAD_COOKIE.length + 1);
  if (!raw || raw.length > 4096) return null;
  try {
    const parsed = carriedSchema.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

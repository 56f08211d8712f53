// The theme switch without JavaScript: the form posts here, the answer sets the cookie and sends
// the visitor back to the page they were on (303, so Reload does not post again).
import * as z from "zod/mini";
import { runtimeEnv } from "~/lib/env.server";
import { readFormOrRefusal } from "~/lib/http/body.server";
import { HttpError, jsonError } from "~/lib/http/http-error";
import { safeReturnPath, THEMES, themeCookie } from "./theme";

const MAX_FORM_BYTES = 4 * 1024;
const formSchema = z.strictObject({ theme: z.enum(THEMES), returnTo: z.optional(z.string().check(z.maxLength(2048))) });

export async function submitTheme(request: Request): Promise<Response> {
  const form = await readFormOrRefusal(request, MAX_FORM_BYTES);
  if (form instanceof HttpError) return jsonError(form.status, form.message);
  const parsed = formSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return jsonError(400, "Choose a theme: system, light or dark.");
  const secure = runtimeEnv().NODE_ENV !== "development";
  return new Response(null, {
    status: 303,
    headers: {
      Location: safeReturnPath(parsed.data.returnTo),
      "Set-Cookie": themeCookie(parsed.data.theme, secure),
      "Cache-Control": "no-store",
    },
  });
}

// POST /history/save: the browser's background save after "=" (JavaScript on). It answers fast
// and small, and never redirects: a guest's result goes to their session instead.
import type { AppLoadContext } from "@remix-run/node";
import * as z from "zod/mini";
import { readFormBody } from "../http/body.server";
import { ALLOW_POST, answeringHttpErrors, jsonError } from "../http/http-error";
import { StoreUnavailableError } from "../store/store";
import { MAX_SAVED_EXPRESSION_LENGTH } from "./limits";
import { recordEvaluation } from "./record.server";
import { INPUT_MODES, type InputMode } from "../calculator/input-mode";
import { logger } from "../observability/logger.server";

// 1,000 characters, each up to 9 bytes once URL-encoded (× is %C3%97), plus the input field.
const MAX_BODY_BYTES = 10 * 1024;

const saveForm = z.strictObject({
  expression: z.string().check(z.minLength(1), z.maxLength(MAX_SAVED_EXPRESSION_LENGTH)),
  input: z.enum(INPUT_MODES as [InputMode, ...InputMode[]]),
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

export function handleSaveRequest(request: Request, context: AppLoadContext): Promise<Response> {
  return answeringHttpErrors(() => save(request, context));
}

async function save(request: Request, context: AppLoadContext): Promise<Response> {
  if (request.method !== "POST") return jsonError(405, "Use POST.", ALLOW_POST);
  const form = saveForm.safeParse(Object.fromEntries(await readFormBody(request, MAX_BODY_BYTES)));
  if (!form.success) return jsonError(400, "Send expression (1-1,000 characters) and input (keypad or typed).");
  try {
    const recorded = await recordEvaluation(request, context, form.data.expression, form.data.input);
    if (!recorded.ok && recorded.status === 429) {
      return jsonError(429, recorded.message, { "Retry-After": String(recorded.retryAfterSeconds) });
    }
    if (!recorded.ok) return jsonError(recorded.status, recorded.message);
    if (recorded.where === "history") return json(201, { saved: "history", id: recorded.id });
    return json(201, { saved: "session" }, { "Set-Cookie": recorded.setCookie });
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      logger.warn("history save: session store unavailable", { error: error.message });
      return jsonError(503, "Saving is temporarily unavailable.", { "Retry-After": "30" });
    }
    throw error;
  }
}

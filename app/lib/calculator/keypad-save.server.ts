// JavaScript off: the keypad form's action (the calculator route) records a result after "="
// or an evaluated typed expression. Saving must never break the calculator: if it fails, the
// result is still shown, with a short note that it was not kept.
import type { AppLoadContext } from "@remix-run/node";
import { lastEvaluation, type CalculatorState } from "./index";
import { recordEvaluation } from "../history/record.server";
import type { InputMode } from "./input-mode";
import { logger } from "../observability/logger.server";

export type KeypadSave = { setCookie: string | null; notice: string | null };

export async function saveKeypadEvaluation(
  request: Request,
  context: Pick<AppLoadContext, "sourceIp" | "viewerAddress">,
  state: CalculatorState,
  input: InputMode,
): Promise<KeypadSave> {
  const evaluation = lastEvaluation(state);
  if (!evaluation) return { setCookie: null, notice: null };
  try {
    const recorded = await recordEvaluation(request, context, evaluation.expression, input);
    if (recorded.ok && recorded.where === "session") return { setCookie: recorded.setCookie, notice: null };
    if (!recorded.ok && recorded.status === 429) return { setCookie: null, notice: recorded.message };
    return { setCookie: null, notice: null };
  } catch (error) {
    logger.error("history save failed (keypad form)", { error: error instanceof Error ? error.message : String(error) });
    return { setCookie: null, notice: "This result could not be saved to your history." };
  }
}

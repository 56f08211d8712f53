// POST /v1/calculate: {"expression": "..."} → {"result": "<decimal string>"} or 400 {"error"}.
import * as z from "zod/mini";
import { evaluate, formatDecimal, MAX_EXPRESSION_LENGTH } from "~/lib/calculator";
import { readJsonBody } from "~/lib/http/body.server";
import { answeringHttpErrors, jsonError } from "~/lib/http/http-error";
import { emitMetric } from "~/lib/observability/metrics.server";

// Room for a maximal expression plus JSON escaping; anything bigger is refused unread.
const MAX_BODY_BYTES = 16 * 1024;

const requestSchema = z.strictObject({ expression: z.string() });

export function calculate(request: Request): Promise<Response> {
  return answeringHttpErrors(async () => {
    const parsed = requestSchema.safeParse(await readJsonBody(request, MAX_BODY_BYTES));
    if (!parsed.success) return jsonError(400, 'Send a JSON object like {"expression": "1 + 2"}.');
    if (parsed.data.expression.length > MAX_EXPRESSION_LENGTH) {
      return jsonError(400, `Expression is too long (max ${MAX_EXPRESSION_LENGTH.toLocaleString("en-US")} characters)`);
    }
    const result = evaluate(parsed.data.expression);
    if (!result.ok) return jsonError(400, result.message);
    emitMetric("CalculationPerformed", 1, "Count", { source: "api" });
    return Response.json({ result: formatDecimal(result.value) });
  });
}

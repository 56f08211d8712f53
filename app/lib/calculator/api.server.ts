// POST /v1/calculate: {"expression": "..."} → {"result": "<decimal string>"}, or a problem (RFC
// 9457) that also carries `error`, the member this endpoint's clients read before problems.
import * as z from "zod/mini";
import { evaluate, formatDecimal, MAX_EXPRESSION_LENGTH } from "~/lib/calculator";
import { readJsonBody } from "~/lib/http/body.server";
import { HttpError } from "~/lib/http/http-error";
import { HTTP_ERROR_CODES, problem } from "~/lib/http/problem";
import { emitMetric } from "~/lib/observability/metrics.server";

// Room for a maximal expression plus JSON escaping; anything bigger is refused unread.
const MAX_BODY_BYTES = 16 * 1024;

const requestSchema = z.strictObject({ expression: z.string() });

const refused = (status: number, detail: string, code = HTTP_ERROR_CODES[status] ?? "bad_request", headers?: HeadersInit) =>
  problem(status, code, detail, headers, { legacyError: true });

/** /v1/calculate's 405. */
export const calculateMethodNotAllowed = (detail: string) => refused(405, detail, "method_not_allowed", { Allow: "POST" });

export async function calculate(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await readJsonBody(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof HttpError) return refused(error.status, error.message);
    throw error;
  }
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) return refused(400, 'Send a JSON object like {"expression": "1 + 2"}.', "validation_failed");
  if (parsed.data.expression.length > MAX_EXPRESSION_LENGTH) {
    return refused(400, `Expression is too long (max ${MAX_EXPRESSION_LENGTH.toLocaleString("en-US")} characters)`, "validation_failed");
  }
  const result = evaluate(parsed.data.expression);
  if (!result.ok) return refused(400, result.message, "unprocessable");
  emitMetric("CalculationPerformed", 1, "Count", { source: "api" });
  return Response.json({ result: formatDecimal(result.value) });
}

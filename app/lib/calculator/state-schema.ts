/**
 * Validation of what the browser posts back (the keypad state and key) when JavaScript is off.
 * Server-side only: kept out of index.ts so zod never reaches the browser bundle.
 */
// zod/mini: the same validation at a fraction of the size and start-up time of classic zod.
import * as z from "zod/mini";
import type { CalcErrorCode } from "./errors";
import { CALC_ERROR_CODES, MAX_EXPRESSION_LENGTH } from "./errors";
import { isKeypadText, isValidPartialInput } from "./keypad-input";
import { KEYS, type Key } from "./keys";
import { isCanonicalDecimal, type CalculatorState } from "./state";

/** Validates a key posted by a form (`keySchema.safeParse(formData.get("key"))`). */
export const keySchema = z.enum(KEYS as [Key, ...Key[]]);

const decimalString = z.string().check(
  z.maxLength(64),
  z.refine(isCanonicalDecimal, { message: "Not a canonical decimal string" }),
);

export const calculatorStateSchema: z.ZodMiniType<CalculatorState> = z
  .strictObject({
    mode: z.enum(["input", "result", "error"]),
    input: z.string().check(z.maxLength(MAX_EXPRESSION_LENGTH)),
    result: z.nullable(decimalString),
    error: z.nullable(z.enum(CALC_ERROR_CODES as [CalcErrorCode, ...CalcErrorCode[]])),
    memory: decimalString,
    repeatOperator: z.nullable(z.enum(["+", "-", "*", "/"])),
    repeatOperand: z.nullable(decimalString),
    justEvaluated: z.boolean(),
  })
  .check(
    z.superRefine((state, context) => {
      const problem = (message: string) => context.addIssue({ code: "custom", message, input: state });
      if ((state.mode === "result") !== (state.result !== null)) problem("result is set exactly in result mode");
      if ((state.mode === "error") !== (state.error !== null)) problem("error is set exactly in error mode");
      if ((state.repeatOperator === null) !== (state.repeatOperand === null)) problem("repeat operator and operand go together");
      if (state.mode !== "result" && state.repeatOperator !== null) problem("repeat only applies to a result");
      if (state.mode !== "result" && state.justEvaluated) problem("justEvaluated only applies to a result");
      if (state.mode === "input" && !isValidPartialInput(state.input)) problem("input is not a valid partial expression");
      if (state.mode === "result" && !isKeypadText(state.input)) problem("input has characters an evaluated expression cannot have");
    }),
  );

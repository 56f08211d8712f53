/**
 * CalcApp's calculator engine: decimal arithmetic, expression parser, formatting and the keypad
 * state machine. Pure TypeScript, no Node- or DOM-only APIs: the same code runs in the browser
 * and on the server.
 */
export { Decimal, MAX_MAGNITUDE, PRECISION } from "./decimal";
export type { CalcErrorCode, EvaluationResult } from "./errors";
export { CALC_ERROR_CODES, MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH, MESSAGES } from "./errors";
export { evaluate } from "./evaluate";
export { DISPLAY_DIGITS, formatDecimal, formatDisplay } from "./format";
export type { Key } from "./keys";
export { KEY_LABELS, KEYBOARD_SHORTCUTS, KEYS, isKey, keyFromKeyboard } from "./keys";
export type { CalculatorMode, CalculatorState } from "./state";
export { initialState, isCanonicalDecimal } from "./state";
// The zod schemas for posted state live in ./state-schema (server-side only).
export type { CalculatorView } from "./display";
export { calculatorView } from "./display";
export { enterExpression, lastEvaluation, press } from "./keypad";
export { MAX_ENTRY_DIGITS } from "./keypad-typing";
export { characterRefusal, keyRefusal } from "./hints";
export { canonicalText, prettyExpression } from "./keypad-input";

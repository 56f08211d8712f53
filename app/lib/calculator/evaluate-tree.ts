/**
 * Evaluates a syntax tree with decimal arithmetic (34 significant digits, half-even, rounded
 * after every operation; see decimal.ts), left to right, depth first: the first error met wins.
 *
 * Percent (`%`), as common calculators define it (docs/decisions/002-percent-key.md):
 *   a + b%  =  a + a×(b/100)       a − b%  =  a − a×(b/100)      (the "percent of a")
 *   a × b%  =  a × (b/100)         a ÷ b%  =  a ÷ (b/100)        lone b%  =  b/100
 * "b%" here is the whole right operand of + or −, optionally signed (`a + -b%` adds −b% of a);
 * parentheses isolate it: `a + (b%)` is a + b/100.
 * Rounding steps: p = b/100 (exact), amount = round(a × ±p), result = round(a ± amount).
 */
import type { Node, PercentNode } from "./ast";
import type { Decimal } from "./decimal";
import { HUNDRED, isOverflow, parseLiteral } from "./decimal";
import { CalcError, MESSAGES, malformed } from "./errors";

export type EvaluationObserver = {
  /** Called with each node's value once computed (a percent node reports b/100). */
  value?: (node: Node, value: Decimal) => void;
  /** Called when the right operand of + or − is a percent: `amount` is ±a×b/100. */
  percentAmount?: (node: Node, amount: Decimal) => void;
};

function checked(value: Decimal): Decimal {
  if (isOverflow(value)) throw new CalcError("OVERFLOW", MESSAGES.overflow);
  return value;
}

/** `b%` or a signed `-b%` standing as an operand, else null. */
function percentOperand(node: Node): { negative: boolean; percent: PercentNode } | null {
  if (node.kind === "percent") return { negative: false, percent: node };
  if (node.kind === "unary" && node.operand.kind === "percent") {
    return { negative: node.negative, percent: node.operand };
  }
  return null;
}

/** Evaluates `node`; throws `CalcError` (DIVIDE_BY_ZERO, OVERFLOW) on failure. */
export function evaluateNode(node: Node, observer?: EvaluationObserver): Decimal {
  const value = compute(node, observer);
  observer?.value?.(node, value);
  return value;
}

function compute(node: Node, observer: EvaluationObserver | undefined): Decimal {
  switch (node.kind) {
    case "number": {
      const value = parseLiteral(node.text);
      if (!value) throw malformed(`'${node.text}' is not a number`);
      return checked(value);
    }
    case "group":
      return evaluateNode(node.inner, observer);
    case "unary": {
      const operand = evaluateNode(node.operand, observer);
      return node.negative ? operand.negated() : operand;
    }
    case "percent":
      return checked(evaluateNode(node.operand, observer).div(HUNDRED));
    case "binary": {
      const left = evaluateNode(node.left, observer);
      const percent = node.operator === "+" || node.operator === "-" ? percentOperand(node.right) : null;
      if (percent) {
        const rate = evaluateNode(percent.percent, observer);
        const signedRate = percent.negative ? rate.negated() : rate;
        observer?.value?.(node.right, signedRate);
        const amount = checked(left.times(signedRate));
        observer?.percentAmount?.(node.right, amount);
        return checked(node.operator === "+" ? left.plus(amount) : left.minus(amount));
      }
      const right = evaluateNode(node.right, observer);
      switch (node.operator) {
        case "+":
          return checked(left.plus(right));
        case "-":
          return checked(left.minus(right));
        case "*":
          return checked(left.times(right));
        case "/":
          if (right.isZero()) throw new CalcError("DIVIDE_BY_ZERO", MESSAGES.divideByZero);
          return checked(left.div(right));
      }
    }
  }
}

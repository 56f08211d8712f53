/**
 * Recursive-descent parser (no eval, no Function, no regex evaluation).
 *
 *   expression := term (("+" | "-") term)*          left-associative
 *   term       := unary (("*" | "/") unary)*        left-associative
 *   unary      := ("+" | "-")* postfix              signs bind looser than %: -5% is -(5%)
 *   postfix    := primary "%"*
 *   primary    := number | "(" expression ")"
 *
 * Binary chains and sign runs are parsed with loops; only parentheses recurse, and their depth is
 * capped at MAX_NESTING_DEPTH, so no input can overflow the stack.
 */
import type { Node } from "./ast";
import { MAX_NESTING_DEPTH, MESSAGES, describeText, malformed } from "./errors";
import type { Operator, Token } from "./tokenizer";
import { tokenize } from "./tokenizer";

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Node {
    if (this.tokens.length === 0) throw malformed(MESSAGES.empty);
    const node = this.expression();
    const extra = this.peek();
    if (extra) throw unexpected(extra, this.tokens[this.index - 1]);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token | undefined {
    const token = this.tokens[this.index];
    if (token) this.index += 1;
    return token;
  }

  private binaryOperator(allowed: readonly Operator[]): Operator | null {
    const token = this.peek();
    if (token?.type !== "operator") return null;
    const operator = token.text as Operator;
    if (!allowed.includes(operator)) return null;
    this.index += 1;
    return operator;
  }

  private expression(): Node {
    let left = this.term();
    for (let operator = this.binaryOperator(["+", "-"]); operator; operator = this.binaryOperator(["+", "-"])) {
      const right = this.term();
      left = { kind: "binary", operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private term(): Node {
    let left = this.unary();
    for (let operator = this.binaryOperator(["*", "/"]); operator; operator = this.binaryOperator(["*", "/"])) {
      const right = this.unary();
      left = { kind: "binary", operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Node {
    const first = this.peek();
    let signs = 0;
    let negative = false;
    for (let token = this.peek(); token?.type === "operator" && (token.text === "+" || token.text === "-"); token = this.peek()) {
      if (token.text === "-") negative = !negative;
      signs += 1;
      this.index += 1;
    }
    const operand = this.postfix();
    if (signs === 0 || !first) return operand;
    return { kind: "unary", negative, operand, start: first.start, end: operand.end };
  }

  private postfix(): Node {
    let node = this.primary();
    for (let token = this.peek(); token?.type === "percent"; token = this.peek()) {
      this.index += 1;
      node = { kind: "percent", operand: node, start: node.start, end: token.end };
    }
    return node;
  }

  private primary(): Node {
    const token = this.next();
    if (!token) throw malformed(MESSAGES.unexpectedEnd);
    if (token.type === "number") {
      return { kind: "number", text: token.text, start: token.start, end: token.end };
    }
    if (token.type === "open") {
      this.depth += 1;
      if (this.depth > MAX_NESTING_DEPTH) {
        throw malformed(`${MESSAGES.tooDeep} at position ${token.position}`);
      }
      const inner = this.expression();
      const close = this.next();
      if (!close) throw malformed(MESSAGES.missingClose);
      if (close.type !== "close") throw unexpected(close, this.tokens[this.index - 2]);
      this.depth -= 1;
      return { kind: "group", inner, start: token.start, end: close.end };
    }
    throw unexpected(token, this.tokens[this.index - 2]);
  }
}

/** Says what to fix, judging by the token before the one that does not fit. */
function unexpected(token: Token, previous: Token | undefined) {
  const where = `${describeText(token.raw)} at position ${token.position}`;
  const afterOperand = previous !== undefined && (previous.type === "number" || previous.type === "close" || previous.type === "percent");
  if (token.type === "number" || token.type === "open") {
    return malformed(`Missing operator before ${where}: add +, −, × or ÷`);
  }
  if (token.type === "close" && afterOperand) return malformed(`${where} has no '(' to close`);
  return malformed(`${where} needs a number before it`);
}

/** Parses `source` into a syntax tree; throws a MALFORMED `CalcError` when it is not valid. */
export function parse(source: string): Node {
  return new Parser(tokenize(source)).parse();
}

/** Parses already tokenized input. */
export function parseTokens(tokens: readonly Token[]): Node {
  return new Parser(tokens).parse();
}

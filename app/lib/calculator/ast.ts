/** Syntax tree produced by the parser. `start`/`end` are UTF-16 offsets into the source. */
import type { Operator } from "./tokenizer";

type Span = { start: number; end: number };

export type NumberNode = Span & { kind: "number"; text: string };
/** A run of unary signs collapsed into one node (`--2` is `+2`, `-+-2` is `+2`). */
export type UnaryNode = Span & { kind: "unary"; negative: boolean; operand: Node };
/** Postfix `%`; its meaning depends on where it stands (see evaluator.ts). */
export type PercentNode = Span & { kind: "percent"; operand: Node };
/** Parentheses are kept: `a + (b%)` is not `a + b%`. */
export type GroupNode = Span & { kind: "group"; inner: Node };
export type BinaryNode = Span & { kind: "binary"; operator: Operator; left: Node; right: Node };

export type Node = NumberNode | UnaryNode | PercentNode | GroupNode | BinaryNode;

/**
 * Tokenizer: turns an expression into numbers, operators and parentheses.
 *
 * - Operators: `+`, `-` or `−` (U+2212), `*` or `×` (U+00D7), `/` or `÷` (U+00F7), postfix `%`,
 *   `(` and `)`. Whitespace (any Unicode white space) is allowed between tokens.
 * - Numbers: `12`, `12.5`, `.5`, `5.`, optionally with an exponent (`1e+500`, `2.5E-3`), so every
 *   string `formatDecimal` prints can be typed back. No signs (they are unary operators) and no
 *   digit grouping.
 * - Positions are 1-based and count Unicode code points; `start`/`end` are UTF-16 offsets.
 */
import { describeText, malformed, unknownCharacterAdvice } from "./errors";

export type Operator = "+" | "-" | "*" | "/";
export type TokenType = "number" | "operator" | "percent" | "open" | "close";

export type Token = {
  type: TokenType;
  /** Canonical text: the literal for numbers, ASCII `+ - * / % ( )` for the rest. */
  text: string;
  /** Text exactly as typed (differs for `−`, `×`, `÷`). */
  raw: string;
  /** 1-based position in code points, for messages. */
  position: number;
  /** UTF-16 offsets into the source, end exclusive. */
  start: number;
  end: number;
};

const SYMBOLS: Record<string, { type: TokenType; text: string }> = {
  "+": { type: "operator", text: "+" },
  "-": { type: "operator", text: "-" },
  "\u2212": { type: "operator", text: "-" },
  "*": { type: "operator", text: "*" },
  "\u00d7": { type: "operator", text: "*" },
  "/": { type: "operator", text: "/" },
  "\u00f7": { type: "operator", text: "/" },
  "%": { type: "percent", text: "%" },
  "(": { type: "open", text: "(" },
  ")": { type: "close", text: ")" },
};

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= "0" && char <= "9";
}

function isWhitespace(char: string): boolean {
  return char === " " || /^\s$/u.test(char);
}

/** True for a character an expression may contain (typing any other one is refused at once). */
export function isExpressionCharacter(char: string): boolean {
  return Boolean(SYMBOLS[char]) || isDigit(char) || char === "." || char === "e" || char === "E" || isWhitespace(char);
}

/** Tokenizes `source`, throwing a MALFORMED `CalcError` on an unknown character or bad number. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let position = 1;
  while (index < source.length) {
    let char = source[index] as string;
    const symbol = SYMBOLS[char];
    if (symbol) {
      tokens.push({ type: symbol.type, text: symbol.text, raw: char, position, start: index, end: index + 1 });
      index += 1;
      position += 1;
      continue;
    }
    if (isDigit(char) || char === ".") {
      const start = index;
      let end = index;
      let digits = 0;
      let points = 0;
      for (let next = source[end]; isDigit(next) || next === "."; next = source[end]) {
        if (next === ".") points += 1;
        else digits += 1;
        end += 1;
      }
      if (source[end] === "e" || source[end] === "E") {
        let exponentEnd = end + 1;
        if (source[exponentEnd] === "+" || source[exponentEnd] === "-") exponentEnd += 1;
        if (isDigit(source[exponentEnd])) {
          while (isDigit(source[exponentEnd])) exponentEnd += 1;
          end = exponentEnd;
        } else {
          // "2e", "2e+": a number that stops in the middle of its exponent.
          end = exponentEnd;
          digits = -1;
        }
      }
      const text = source.slice(start, end);
      if (digits <= 0 || points > 1) {
        const why = points > 1 ? "a number has one decimal point" : digits === -1 ? "an exponent needs digits, for example 2e5" : "add digits, for example 0.5";
        throw malformed(`${describeText(text)} at position ${position} is not a number: ${why}`);
      }
      tokens.push({ type: "number", text, raw: text, position, start, end });
      position += end - start; // all ASCII
      index = end;
      continue;
    }
    // Anything else is whitespace or unknown; read a whole code point (surrogate pairs).
    char = String.fromCodePoint(source.codePointAt(index) ?? 0);
    if (isWhitespace(char)) {
      index += char.length;
      position += 1;
      continue;
    }
    throw malformed(`${describeText(char)} at position ${position} is not allowed: ${unknownCharacterAdvice(char)}`);
  }
  return tokens;
}

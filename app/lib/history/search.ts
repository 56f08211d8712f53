// Premium search: a case-insensitive substring of the expression or the result. Saved
// expressions use the calculator's symbols and spacing ("2 × −3") while people type "2*-3", so
// the typed text is also tried with those symbols against the expression without its spaces.
// LIKE's wildcards in the text are escaped: "%" finds a percent sign, it does not match everything.

/** `text` as a LIKE pattern matching it anywhere (backslash is PostgreSQL's default escape). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The typed text without spaces and with the keyboard's operators as the calculator's symbols. */
export function withCalculatorSymbols(text: string): string {
  return text.replace(/\s+/g, "").replace(/\*/g, "\u00d7").replace(/\//g, "\u00f7").replace(/-/g, "\u2212");
}

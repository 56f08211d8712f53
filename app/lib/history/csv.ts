// CSV as RFC 4180 writes it: fields separated by commas, records by CRLF; a field holding a
// comma, a double quote, CR or LF is wrapped in double quotes, with its quotes doubled.
//
// Formula injection: spreadsheets run a cell that starts with = + - @ (or a tab / CR, which some
// strip before looking) as a formula, so an expression like "=HYPERLINK(...)" or "-2+3" could
// turn into one when the file is opened. Such cells get a leading single quote ('), which
// spreadsheets show as text (OWASP's advice). That changes the cell's text: a negative result
// "-6" is exported as "'-6". We accept that: the file is for people opening it in a spreadsheet,
// and a program reading it can strip a leading "'" before a sign.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

export const CSV_HEADER = ["created_at", "expression", "result", "input", "archived"] as const;

/** calcapp-history-2026-11-25.csv: the export's file name, dated in UTC. */
export function exportFileName(now: Date): string {
  return `calcapp-history-${now.toISOString().slice(0, 10)}.csv`;
}

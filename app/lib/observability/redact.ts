// Secrets never reach a log line or an error report: values under sensitive keys are replaced,
// and credentials embedded in strings (URLs with passwords, bearer tokens) are masked.

export const REDACTED = "[REDACTED]";

const sensitiveKey = /pass(word|wd)?|secret|token|authori[sz]ation|cookie|api[-_]?key|signature|dsn|credential|session/i;

export function isSensitiveKey(key: string): boolean {
  return sensitiveKey.test(key);
}

export function redactString(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi, `$1${REDACTED}@`)
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`)
    .replace(/\b(sk|rk|whsec)_(live|test)?_?[A-Za-z0-9]{6,}/g, REDACTED);
}

/** A deep copy of `value` with sensitive keys and embedded credentials redacted. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object" || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) && item !== null && item !== undefined && item !== "" ? REDACTED : redact(item, depth + 1);
  }
  return out;
}

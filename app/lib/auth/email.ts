// Emails are stored normalised (schema.prisma: unique, trimmed, lower-case), so every write and
// lookup goes through normaliseEmail: "  Ann@Example.COM " and "ann@example.com" are one account.
import * as z from "zod/mini";

export const MAX_EMAIL_LENGTH = 254; // RFC 5321's limit on a forward path

export function normaliseEmail(raw: string): string {
  return raw.normalize("NFC").trim().toLowerCase();
}

/** A form's email field: normalised, then checked. */
export const emailField = z.pipe(
  z.pipe(z.string({ error: "Enter your email address." }), z.transform(normaliseEmail)),
  z
    .string()
    .check(
      z.minLength(1, "Enter your email address."),
      z.maxLength(MAX_EMAIL_LENGTH, `Email addresses are at most ${MAX_EMAIL_LENGTH} characters.`),
      z.email("Enter a valid email address, like name@example.com."),
    ),
);

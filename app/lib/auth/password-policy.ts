// What a new password must be (NIST SP 800-63B: a minimum length, no composition rules, refused
// when it is a known-common password). The maximum only bounds the work of hashing a request.
import * as z from "zod/mini";
import { COMMON_PASSWORDS } from "./common-passwords";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-length";

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

/** Why this password cannot be used, or null when it can. */
export function passwordProblem(password: string, email?: string): string | null {
  const length = [...password].length; // code points, as a person counts them
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return "This password is too common: choose one that is harder to guess.";
  if (email && (lower === email || lower === email.split("@")[0])) return "Do not use your email address as your password.";
  return null;
}

/** A password typed to log in or to confirm: only bounded, never judged. */
export const currentPasswordField = z
  .string({ error: "Enter your password." })
  .check(
    z.minLength(1, "Enter your password."),
    z.maxLength(MAX_PASSWORD_LENGTH, `Passwords are at most ${MAX_PASSWORD_LENGTH} characters.`),
  );

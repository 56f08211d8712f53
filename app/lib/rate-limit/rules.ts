// The rate limits (decision 006). Fixed windows that start with the first hit.
export type RateLimitRule = { name: string; max: number; windowMs: number };

const MINUTE = 60_000;

export const RATE_LIMITS = {
  /**
   * Login attempts per (email, client IP) from a browser not known for that email; a successful
   * login clears it, so in effect it counts failures. Stops one address guessing one account.
   */
  loginEmailIp: { name: "login-email-ip", max: 5, windowMs: 15 * MINUTE },
  /** Login attempts per known device (login-limits.server.ts): a stolen device cookie is no free pass. */
  loginDevice: { name: "login-device", max: 10, windowMs: 15 * MINUTE },
  /**
   * Failed logins per email from browsers not known for it, the window of the progressive delay
   * (login-limits.server.ts): the first LOGIN_FREE_FAILURES cost nothing, then each waits twice as long.
   */
  loginEmailFailures: { name: "login-email-failures", max: 10, windowMs: 60 * MINUTE },
  /** Wrong current passwords typed on /account, per signed-in user. */
  accountPassword: { name: "account-password", max: 5, windowMs: 15 * MINUTE },
  /** Login attempts per client IP, successful or not. */
  loginIp: { name: "login-ip", max: 20, windowMs: 15 * MINUTE },
  /** Sign-up attempts per client IP. */
  signupIp: { name: "signup-ip", max: 5, windowMs: 60 * MINUTE },
  /** Sign-up attempts per email. */
  signupEmail: { name: "signup-email", max: 5, windowMs: 60 * MINUTE },
  /**
   * New guest sessions (a guest's first kept result) per client IP: each is a key in Redis for a
   * day, so one address must not be able to fill the cache.
   */
  guestSessionIp: { name: "guest-session-ip", max: 30, windowMs: 60 * MINUTE },
  /** Password reset requests per email (each sends a mail). */
  resetEmail: { name: "reset-email", max: 3, windowMs: 60 * MINUTE },
  /** Password reset requests per client IP. */
  resetIp: { name: "reset-ip", max: 10, windowMs: 60 * MINUTE },
  /** Re-sent verification mails per account. */
  verifyEmailResend: { name: "verify-email-resend", max: 3, windowMs: 60 * MINUTE },
  /** Two-factor code guesses per user (login's second step, enabling, disabling). */
  totpGuess: { name: "totp-guess", max: 5, windowMs: 15 * MINUTE },
  /** POST /v1/calculate per client IP. */
  calculateIp: { name: "calculate-ip", max: 120, windowMs: MINUTE },
  /** POST /v1/auth/refresh per client IP (a refresh token is a long random value: this bounds load, not guessing). */
  refreshIp: { name: "refresh-ip", max: 60, windowMs: MINUTE },
  /** Authenticated /v1 requests (me, history) per user. */
  apiUser: { name: "api-user", max: 300, windowMs: MINUTE },
} as const satisfies Record<string, RateLimitRule>;

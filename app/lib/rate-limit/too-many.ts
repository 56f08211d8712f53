// How every rate limit answers a refused request, in one place: the same "Try again in …" wording
// and the same Retry-After header, whether the answer is a form message or the JSON API's error.
import { describeSeconds } from "../duration";

/** "Too many <what>. Try again in 3 minutes." */
export function tooManyMessage(what: string, retryAfterSeconds: number): string {
  return `Too many ${what}. Try again in ${describeSeconds(retryAfterSeconds)}.`;
}

/** "Try again in 3 minutes." */
export function tryAgainIn(retryAfterSeconds: number): string {
  return `Try again in ${describeSeconds(retryAfterSeconds)}.`;
}

export function retryAfterHeaders(retryAfterSeconds: number): Record<string, string> {
  return { "Retry-After": String(retryAfterSeconds) };
}

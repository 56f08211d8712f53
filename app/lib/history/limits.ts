// The history's sizes and limits in one place (pure: shared by the server and the page).
import { MAX_EXPRESSION_LENGTH } from "../calculator";

export { FREE_HISTORY_LIMIT } from "../plans";

/** Rows per page of /history. */
export const PAGE_SIZE = 25;
/** Longest expression saved: the engine refuses longer ones anyway. */
export const MAX_SAVED_EXPRESSION_LENGTH = MAX_EXPRESSION_LENGTH;
/**
 * Longest result saved. The engine prints at most 34 significant digits, a sign, a point and an
 * exponent below 1e1000 ("-1.234…e+999"): 64 leaves room.
 */
export const MAX_SAVED_RESULT_LENGTH = 64;
/** Longest search text accepted (premium search). */
export const MAX_SEARCH_LENGTH = 100;
/** Rows read per query while streaming a CSV export. */
export const EXPORT_PAGE_SIZE = 1000;

// What `npm run dev`'s store server accepts: one store operation per POST, as JSON. Shared by the
// server (scripts/dev.ts starts it) and the client the sandboxed Lambdas use.
import * as z from "zod/mini";

/** Where the Lambdas under arc sandbox find it, unless DEV_STORE_URL says otherwise. */
export const DEFAULT_DEV_STORE_PORT = 3334;
export const DEFAULT_DEV_STORE_URL = `http://127.0.0.1:${DEFAULT_DEV_STORE_PORT}`;
/** Browsers cannot add this header cross-site without a preflight, which the server refuses. */
export const DEV_STORE_HEADER = "x-calcapp-dev-store";
export const MAX_DEV_STORE_BODY = 256 * 1024;

const key = z.string().check(z.minLength(1), z.maxLength(512));
const ms = z.number().check(z.int(), z.positive(), z.maximum(400 * 86_400_000));

export const devStoreRequest = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("get"), key }),
  z.strictObject({ op: z.literal("set"), key, value: z.string(), ttlMs: ms }),
  z.strictObject({ op: z.literal("del"), keys: z.array(key).check(z.maxLength(10_000)) }),
  z.strictObject({ op: z.literal("setAdd"), key, member: z.string(), ttlMs: ms }),
  z.strictObject({ op: z.literal("setRemove"), key, member: z.string() }),
  z.strictObject({ op: z.literal("setMembers"), key }),
  z.strictObject({ op: z.literal("hit"), key, windowMs: ms }),
  z.strictObject({ op: z.literal("ping") }),
]);

export type DevStoreRequest = z.infer<typeof devStoreRequest>;

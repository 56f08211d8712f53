// One-time links sent by mail. The link carries 256 random bits; the database keeps only their
// SHA-256, so a leaked table cannot be replayed. A token works once and until it expires; issuing
// a new one of the same purpose deletes the user's older ones. `now` is a parameter so expiry can
// be tested with a controlled clock.
import { createHash, randomBytes } from "node:crypto";
import { getPrisma } from "../db/client.server";

export type TokenPurpose = "password-reset" | "verify-email" | "change-email";

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  "password-reset": 60 * 60_000,
  "verify-email": 24 * 60 * 60_000,
  "change-email": 24 * 60 * 60_000,
};

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** A new token for `userId`; the older ones of this purpose stop working. Returns the raw token for the link. */
export async function issueToken(userId: string, purpose: TokenPurpose, now = new Date(), newEmail?: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const prisma = await getPrisma();
  await prisma.$transaction([
    prisma.accountToken.deleteMany({ where: { userId, purpose } }),
    prisma.accountToken.create({
      data: { userId, purpose, newEmail, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]), createdAt: now },
    }),
  ]);
  return token;
}

/** The live user a usable token belongs to, without using it (to show the form behind a link). */
export async function peekToken(
  token: string,
  purpose: TokenPurpose,
  now = new Date(),
): Promise<{ userId: string; email: string; newEmail: string | null } | null> {
  if (!TOKEN_FORMAT.test(token)) return null;
  const prisma = await getPrisma();
  const row = await prisma.accountToken.findFirst({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: now }, user: { deletedAt: null } },
    select: { userId: true, newEmail: true, user: { select: { email: true } } },
  });
  return row && { userId: row.userId, email: row.user.email, newEmail: row.newEmail };
}

/**
 * Uses the token: true once, for the first caller only (two concurrent uses cannot both succeed:
 * the update that marks it used is the check).
 */
export async function consumeToken(token: string, purpose: TokenPurpose, userId: string, now = new Date()): Promise<boolean> {
  if (!TOKEN_FORMAT.test(token)) return false;
  const prisma = await getPrisma();
  const { count } = await prisma.accountToken.updateMany({
    where: { tokenHash: hashToken(token), purpose, userId, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}

/** Every token of this purpose for the user stops working (a password change ends pending resets). */
export async function revokeTokens(userId: string, purpose: TokenPurpose): Promise<void> {
  const prisma = await getPrisma();
  await prisma.accountToken.deleteMany({ where: { userId, purpose } });
}

// The users table, as sign-up, login and the account page read and write it. Live users have deletedAt null; a deleted
// account keeps its row (and its email) until the purge job removes it after 30 days.
import { getPrisma } from "../db/client.server";

export type StoredUser = { id: string; email: string; passwordHash: string; createdAt: Date };

export class DuplicateEmailError extends Error {
  override name = "DuplicateEmailError";
}

export const userColumns = { id: true, email: true, passwordHash: true, createdAt: true } as const;

/** `email` must already be normalised. */
export async function findLiveUserByEmail(email: string): Promise<StoredUser | null> {
  const prisma = await getPrisma();
  return prisma.user.findFirst({ where: { email, deletedAt: null }, select: userColumns });
}

export async function findLiveUserById(id: string): Promise<StoredUser | null> {
  const prisma = await getPrisma();
  return prisma.user.findFirst({ where: { id, deletedAt: null }, select: userColumns });
}

/** True when any row, live or deleted, holds this email (it stays unique until the purge). */
export async function emailTaken(email: string): Promise<boolean> {
  const prisma = await getPrisma();
  return (await prisma.user.count({ where: { email } })) > 0;
}

export async function createUser(email: string, passwordHash: string): Promise<StoredUser> {
  const prisma = await getPrisma();
  try {
    return await prisma.user.create({ data: { email, passwordHash }, select: userColumns });
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides.
    if ((error as { code?: unknown }).code === "P2002") throw new DuplicateEmailError(email);
    throw error;
  }
}

export async function setPasswordHash(id: string, passwordHash: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.user.updateMany({ where: { id, deletedAt: null }, data: { passwordHash } });
}

/** Marks the account deleted; false when it was not live. */
export async function softDeleteUser(id: string, now = new Date()): Promise<boolean> {
  const prisma = await getPrisma();
  const { count } = await prisma.user.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: now } });
  return count === 1;
}

/**
 * A new password chosen by the user (account page, reset link): pending reset links stop working,
 * as whoever asked for them may not be the owner.
 */
export async function changePassword(id: string, passwordHash: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction([
    prisma.user.updateMany({ where: { id, deletedAt: null }, data: { passwordHash } }),
    prisma.accountToken.deleteMany({ where: { userId: id, purpose: "password-reset" } }),
  ]);
}

export type AccountState = { id: string; email: string; deletedAt: Date | null; emailVerifiedAt: Date | null };

/** The row holding this email, live or soft-deleted (sign-up must know both). */
export async function findAccountByEmail(email: string): Promise<AccountState | null> {
  const prisma = await getPrisma();
  return prisma.user.findUnique({ where: { email }, select: { id: true, email: true, deletedAt: true, emailVerifiedAt: true } });
}

export async function emailVerifiedAt(id: string): Promise<Date | null> {
  const prisma = await getPrisma();
  const row = await prisma.user.findFirst({ where: { id, deletedAt: null }, select: { emailVerifiedAt: true } });
  return row?.emailVerifiedAt ?? null;
}

export async function markEmailVerified(id: string, now = new Date()): Promise<void> {
  const prisma = await getPrisma();
  await prisma.user.updateMany({ where: { id, deletedAt: null, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
}

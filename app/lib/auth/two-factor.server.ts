// TOTP two-factor sign-in (RFC 6238 with @epic-web/totp: SHA-1, 30 s, 6 digits, what authenticator
// apps expect). Enabling: a secret kept pending in the store for 10 minutes, shown as a QR code
// rendered on the server (an SVG image: works without JavaScript), confirmed by a code. Then ten
// single-use recovery codes, shown once and stored as SHA-256 hashes. A code is accepted once (a
// replayed code within its window is refused). Guesses are limited per user.
import { createHash, randomBytes } from "node:crypto";
import { generateTOTP, getTOTPAuthUri, verifyTOTP } from "@epic-web/totp";
import QRCode from "qrcode";
import { getPrisma } from "../db/client.server";
import { PRODUCT_NAME } from "../email/message";
import { consume, reset, type RateLimitResult } from "../rate-limit/limiter.server";
import { activeRule } from "../rate-limit/active-rules.server";
import { getStore } from "../store/get-store.server";

const TOTP = { algorithm: "SHA-1", period: 30, digits: 6, charSet: "0123456789" } as const;
const PENDING_TTL_MS = 10 * 60_000;
export const RECOVERY_CODE_COUNT = 10;

const pendingKey = (userId: string) => `totp-pending:${userId}`;
const usedKey = (userId: string, code: string) => `totp-used:${userId}:${code}`;
const hashCode = (code: string) => createHash("sha256").update(normaliseRecoveryCode(code)).digest("base64url");

export const normaliseRecoveryCode = (code: string) => code.replace(/[\s-]/g, "").toLowerCase();

export async function twoFactorSecret(userId: string): Promise<string | null> {
  const prisma = await getPrisma();
  const row = await prisma.user.findFirst({ where: { id: userId, deletedAt: null }, select: { totpSecret: true } });
  return row?.totpSecret ?? null;
}

export type Enrollment = { secret: string; qrSvgDataUri: string; uri: string };

/** The pending secret (a new one if none), with its QR code. */
export async function enrollment(userId: string, email: string, fresh = false): Promise<Enrollment> {
  const store = await getStore();
  let secret = fresh ? null : await store.get(pendingKey(userId));
  if (!secret) {
    secret = (await generateTOTP(TOTP)).secret;
    await store.set(pendingKey(userId), secret, PENDING_TTL_MS);
  }
  const uri = getTOTPAuthUri({ ...TOTP, secret, accountName: email, issuer: PRODUCT_NAME });
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, uri, qrSvgDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

export async function hasPendingEnrollment(userId: string): Promise<boolean> {
  return (await (await getStore()).get(pendingKey(userId))) !== null;
}

/** A guess at a code, counted per user (5 per 15 minutes). */
export async function admitGuess(userId: string): Promise<RateLimitResult> {
  return consume(await getStore(), activeRule("totpGuess"), userId);
}

async function acceptCode(userId: string, secret: string, code: string): Promise<boolean> {
  const otp = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(otp)) return false;
  if (!(await verifyTOTP({ ...TOTP, otp, secret, window: 1 }))) return false;
  const store = await getStore();
  // The same code twice in its window: the second is a replay.
  const { count } = await store.hit(usedKey(userId, otp), 3 * TOTP.period * 1000);
  return count === 1;
}

/** Confirms the pending secret with a code; returns the recovery codes to show once, or null. */
export async function confirmEnrollment(userId: string, code: string): Promise<string[] | null> {
  const store = await getStore();
  const secret = await store.get(pendingKey(userId));
  if (!secret || !(await acceptCode(userId, secret, code))) return null;
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(8).toString("hex");
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
  });
  const prisma = await getPrisma();
  await prisma.user.updateMany({ where: { id: userId, deletedAt: null }, data: { totpSecret: secret, totpRecoveryHashes: codes.map(hashCode) } });
  await store.del([pendingKey(userId)]);
  await reset(store, activeRule("totpGuess"), userId);
  return codes;
}

/** A TOTP code or an unused recovery code (which is then used up). */
export async function verifySecondFactor(userId: string, code: string): Promise<boolean> {
  const secret = await twoFactorSecret(userId);
  if (!secret) return false;
  if (await acceptCode(userId, secret, code)) return true;
  const normalised = normaliseRecoveryCode(code);
  if (!/^[0-9a-f]{16}$/.test(normalised)) return false;
  const prisma = await getPrisma();
  // Removed in the same statement that checks it: a recovery code works once, even concurrently.
  const used = await prisma.$executeRaw`UPDATE users SET totp_recovery_hashes = array_remove(totp_recovery_hashes, ${hashCode(normalised)}) WHERE id = ${userId} AND ${hashCode(normalised)} = ANY(totp_recovery_hashes)`;
  return used === 1;
}

export async function disableTwoFactor(userId: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.user.updateMany({ where: { id: userId }, data: { totpSecret: null, totpRecoveryHashes: [] } });
}

export async function recoveryCodesLeft(userId: string): Promise<number> {
  const prisma = await getPrisma();
  const row = await prisma.user.findUnique({ where: { id: userId }, select: { totpRecoveryHashes: true } });
  return row?.totpRecoveryHashes.length ?? 0;
}

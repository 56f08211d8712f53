// Refresh tokens are opaque: `rt_<family>.<secret>`, both random. The family names the chain of
// rotations the token belongs to; only a hash of the secret is stored, so a copy of Redis holds
// nothing that can be presented.
import { createHash, randomBytes } from "node:crypto";

const PATTERN = /^rt_([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export type ParsedRefreshToken = { familyId: string; secretHash: string };

export const newFamilyId = () => randomBytes(16).toString("base64url");

export function newRefreshToken(familyId: string): { token: string; secretHash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { token: `rt_${familyId}.${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

/** The token's parts, or null for anything that is not one we made. */
export function parseRefreshToken(token: string): ParsedRefreshToken | null {
  const match = PATTERN.exec(token);
  if (!match?.[1] || !match[2]) return null;
  return { familyId: match[1], secretHash: hashSecret(match[2]) };
}

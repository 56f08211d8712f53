// Access tokens: JWTs (RFC 7519) signed with HS256 by the key ring, typed `at+jwt` (RFC 9068).
// Claims: iss, aud, sub (the user id), iat, exp, jti, and sid, the refresh-token family the
// token belongs to, which lets logout and theft detection cut off its access tokens at once.
// Verification accepts only HS256 (so never `alg: none`), only a kid of the ring, and checks iss,
// aud, exp and the required claims; every failure is the one InvalidTokenError.
import { randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from "jose";
import { getEnv, tokenEnv } from "../env.server";
import { keyRing } from "./signing-keys.server";

export const ACCESS_TOKEN_TYPE = "at+jwt";
const ALGORITHM = "HS256";

export type AccessClaims = { userId: string; familyId: string; issuedAt: Date; expiresAt: Date };

export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
  constructor(
    /** "expired" gets its own description (a client should refresh); anything else is "invalid". */
    readonly reason: "expired" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export async function signAccessToken(userId: string, familyId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const { signing } = await keyRing();
  const { issuer, audience } = tokenEnv();
  const issuedAt = seconds(now);
  const expiresAt = issuedAt + Math.floor(getEnv().accessExpiryMs / 1000);
  const token = await new SignJWT({ sid: familyId })
    .setProtectedHeader({ alg: ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: signing.kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(randomUUID())
    .sign(signing.key);
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/** The token's claims, or InvalidTokenError. */
export async function verifyAccessToken(token: string, now = new Date()): Promise<AccessClaims> {
  const { verifying } = await keyRing();
  const { issuer, audience } = tokenEnv();
  const keyFor = (header: JWTHeaderParameters) => {
    const key = header.kid === undefined ? undefined : verifying.get(header.kid);
    if (!key) throw new InvalidTokenError("invalid", "The token was signed with a key this server does not know.");
    return key;
  };
  try {
    const { payload } = await jwtVerify(token, keyFor, {
      algorithms: [ALGORITHM],
      issuer,
      audience,
      typ: ACCESS_TOKEN_TYPE,
      currentDate: now,
      requiredClaims: ["sub", "iat", "exp", "sid"],
    });
    const { sub, sid, iat, exp } = payload;
    if (typeof sub !== "string" || typeof sid !== "string" || typeof iat !== "number" || typeof exp !== "number") {
      throw new InvalidTokenError("invalid", "The token's claims are not what this server issues.");
    }
    // A token "issued" in the future was not issued by this server's clock.
    if (iat > seconds(now) + 60) throw new InvalidTokenError("invalid", "The token was issued in the future.");
    return { userId: sub, familyId: sid, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof errors.JWTExpired) throw new InvalidTokenError("expired", "The access token has expired: refresh it.");
    if (error instanceof errors.JOSEError || error instanceof TypeError) throw new InvalidTokenError("invalid", "The access token is not valid.");
    throw error;
  }
}

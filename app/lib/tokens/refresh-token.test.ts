import { describe, expect, it } from "vitest";
import { hashSecret, newFamilyId, newRefreshToken, parseRefreshToken } from "./refresh-token";

describe("refresh tokens", () => {
  it("are rt_<family>.<secret>, and parse back to the family and the secret's hash", () => {
    const family = newFamilyId();
    const { token, secretHash } = newRefreshToken(family);
    expect(token).toMatch(/^rt_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(parseRefreshToken(token)).toEqual({ familyId: family, secretHash });
    expect(secretHash).toBe(hashSecret(token.split(".")[1] as string));
    expect(secretHash).not.toContain(token.split(".")[1]);
    expect(newRefreshToken(family).token).not.toBe(token);
  });

  it("refuse anything else", () => {
    const { token } = newRefreshToken(newFamilyId());
    for (const bad of ["", "rt_", token.slice(1), `${token}x`, token.replace(".", "-"), `${token} `, "rt_a.b"]) {
      expect(parseRefreshToken(bad), bad).toBeNull();
    }
  });
});

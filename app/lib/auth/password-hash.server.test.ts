import { describe, expect, it } from "vitest";
import { ARGON2_PARAMS, DUMMY_HASH, hashPassword, needsRehash, verifyNothing, verifyPassword } from "./password-hash.server";

describe("password hashing (argon2id)", () => {
  it("hashes in the PHC format with the stated parameters and a fresh salt", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(needsRehash(a)).toBe(false);
  });

  it("verifies the right password only", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("Correct horse battery staple", hash)).toBe(false);
  });

  it("treats an unusable stored hash as a wrong password", async () => {
    expect(await verifyPassword("anything at all", "!disabled")).toBe(false);
    expect(await verifyNothing("anything at all")).toBe(false);
  });

  it("keeps the dummy hash on today's parameters, so it costs what a real check costs", () => {
    expect(needsRehash(DUMMY_HASH)).toBe(false);
    expect(DUMMY_HASH).toContain(`m=${ARGON2_PARAMS.memorySize},t=${ARGON2_PARAMS.iterations},p=${ARGON2_PARAMS.parallelism}`);
  });

  it("asks for a rehash of hashes made with other parameters", () => {
    expect(needsRehash("$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo")).toBe(true);
    expect(needsRehash("$2b$10$abcdefghijklmnopqrstuv")).toBe(true);
  });
});

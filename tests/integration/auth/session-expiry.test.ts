// Sessions end when their TTL does: a server with short lifetimes (JWT_ACCESS_EXPIRY=2s,
// JWT_REFRESH_EXPIRY=4s for "remember me").
import { describe, expect, it } from "vitest";
import { isSignedIn, logIn, PASSWORD, sessionIdOf, signUp, uniqueEmail, setupApp } from "./fixtures";

const app = setupApp({ env: { JWT_ACCESS_EXPIRY: "2s", JWT_REFRESH_EXPIRY: "4s" } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("session expiry", () => {
  it("ends a session after JWT_ACCESS_EXPIRY, and a remembered one after JWT_REFRESH_EXPIRY", async () => {
    const email = uniqueEmail("expiry");
    const plain = app.client();
    await signUp(plain, email);
    const remembered = app.client();
    expect((await logIn(remembered, email, PASSWORD, { remember: "on" })).status).toBe(302);
    const plainId = sessionIdOf(plain.cookies.get("__session") as string);
    expect(await app.redis.pttl(`session:${plainId}`)).toBeLessThanOrEqual(2_000);
    expect(await isSignedIn(plain)).toBe(true);

    await sleep(2_300);
    expect(await isSignedIn(plain)).toBe(false);
    expect(await app.redis.exists(`session:${plainId}`)).toBe(0);
    expect(await isSignedIn(remembered)).toBe(true);

    await sleep(2_000);
    expect(await isSignedIn(remembered)).toBe(false);
    // The nav of an expired session is a guest's, not an error.
    const page = await remembered.get("/");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(">Log in<");
  });
});

// In production behind HTTPS (APP_ORIGIN on https://) the session cookie is `__Host-session`:
// Secure, Path=/, no Domain, and it is what signs the browser in.
import { describe, expect, it } from "vitest";
import { setCookieAttributes } from "../../support/http-client";
import { PASSWORD, setupApp, uniqueEmail } from "./fixtures";

const ORIGIN = "https://calcapp.test";
const app = setupApp({ env: { APP_ORIGIN: ORIGIN } });

describe("the session cookie over HTTPS", () => {
  it("is __Host-session with Secure and Path=/ and no Domain, and keeps the user signed in", async () => {
    const client = app.client();
    const headers = { "x-forwarded-host": "calcapp.test", "x-forwarded-proto": "https" };
    const email = uniqueEmail("host");
    expect((await client.post("/signup", { email, password: PASSWORD }, { origin: ORIGIN, headers })).status).toBe(200);
    const login = await client.post("/login", { email, password: PASSWORD }, { origin: ORIGIN, headers });
    expect(login.status, await login.clone().text()).toBe(302);
    expect(setCookieAttributes(login, "__session")).toBeNull();
    const cookie = setCookieAttributes(login, "__Host-session");
    expect(cookie).toMatchObject({ secure: "true", path: "/", httponly: "true" });
    expect(cookie?.domain).toBeUndefined();
    const account = await client.get("/account", { headers });
    expect(account.status).toBe(200);
    expect(account.headers.get("cache-control")).toBe("private, no-store");
  });
});

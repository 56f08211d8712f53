// /account lists the user's sessions (created, last seen, device, "this browser") and ends any one.
import { describe, expect, it } from "vitest";
import { isSignedIn, PASSWORD, setupApp, signUp, uniqueEmail } from "./fixtures";

const app = setupApp();

const PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
const LAPTOP_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

const handles = (html: string) => [...html.matchAll(/name="session" value="([^"]+)"/g)].map((m) => m[1]!);

describe("sessions on /account", () => {
  it("lists each session with its device and marks this browser; ending one logs only that device out", async () => {
    const email = uniqueEmail("sessions");
    const laptop = app.client();
    await signUp(laptop, email);
    await laptop.post("/logout", {});
    expect((await laptop.post("/login", { email, password: PASSWORD }, { headers: { "user-agent": LAPTOP_UA } })).status).toBe(302);
    const phone = app.client();
    expect((await phone.post("/login", { email, password: PASSWORD }, { headers: { "user-agent": PHONE_UA } })).status).toBe(302);

    const html = await (await laptop.get("/account")).text();
    expect(html).toContain("Chrome on Linux");
    expect(html).toContain("Safari on iOS (mobile)");
    expect(html.match(/This browser/g)).toHaveLength(1);
    expect(html).toMatch(/Chrome on Linux<span[^>]*>This browser/);
    expect(html).toMatch(/Signed in (<!-- -->)?[A-Z][a-z]{2} \d+, \d{4}, [^<]+ UTC(<!-- -->)? · last seen/);
    expect(handles(html)).toHaveLength(2);
    // Session ids never reach the page.
    const ids = await app.redis.smembers(`user-sessions:${(await app.sql<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]))[0]!.id}`);
    for (const id of ids) expect(html).not.toContain(id);

    const phoneHandle = handles(html).find((h) => new RegExp(`Safari on iOS[\\s\\S]*?value="${h}"`).test(html.slice(html.indexOf("Safari on iOS"))))!;
    const ended = await laptop.post("/account", { intent: "end-session", session: phoneHandle });
    expect(ended.status).toBe(200);
    expect(await ended.text()).toContain("that device is logged out");
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(true);

    const again = await laptop.post("/account", { intent: "end-session", session: phoneHandle });
    expect(again.status).toBe(404);
    for (const bad of ["", "x", "<script>", "a".repeat(500)]) {
      expect((await laptop.post("/account", { intent: "end-session", session: bad })).status, bad.slice(0, 8)).toBe(400);
    }
    expect(await isSignedIn(laptop)).toBe(true);

    const own = handles(await (await laptop.get("/account")).text());
    expect(own).toHaveLength(1);
    const self = await laptop.post("/account", { intent: "end-session", session: own[0]! });
    expect(self.status).toBe(302);
    expect(self.headers.get("location")).toBe("/login");
    expect(await isSignedIn(laptop)).toBe(false);
  });

  it("cannot end another user's session", async () => {
    const victim = app.client();
    await signUp(victim, uniqueEmail("victim"));
    const victimHandle = handles(await (await victim.get("/account")).text())[0]!;
    const other = app.client();
    await signUp(other, uniqueEmail("other"));
    expect((await other.post("/account", { intent: "end-session", session: victimHandle })).status).toBe(404);
    expect(await isSignedIn(victim)).toBe(true);
  });
});

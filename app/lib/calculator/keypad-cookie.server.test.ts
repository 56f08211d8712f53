import { describe, expect, it } from "vitest";
import { enterExpression, initialState } from "~/lib/calculator";
import { keypadCookie, keypadStateOnlyCookie, readKeypadCookie } from "./keypad-cookie.server";

function requestWith(setCookie: string): Request {
  return new Request("http://calcapp.test/", { headers: { cookie: `a=1; ${setCookie.split(";")[0]}` } });
}

describe("keypad cookie", () => {
  it("carries the state, messages and focus to the next page", () => {
    const state = enterExpression(initialState, "6*7");
    const carried = { state, error: null, hint: "Nothing to clear", saveNotice: null, focus: "=" as const };
    const cookie = keypadCookie(carried);
    expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax/);
    expect(readKeypadCookie(requestWith(cookie))).toEqual(carried);
    expect(readKeypadCookie(requestWith(keypadStateOnlyCookie(state)))).toEqual({ ...carried, hint: null, focus: null });
  });

  it("ignores a forged or broken cookie", () => {
    const forged = Buffer.from(JSON.stringify({ state: { ...initialState, mode: "result" }, error: null, hint: null, saveNotice: null, focus: null })).toString("base64url");
    expect(readKeypadCookie(requestWith(`calc=${forged}`))).toBeNull();
    expect(readKeypadCookie(requestWith("calc=%%%"))).toBeNull();
    expect(readKeypadCookie(requestWith(`calc=${"A".repeat(5000)}`))).toBeNull();
    expect(readKeypadCookie(new Request("http://calcapp.test/"))).toBeNull();
  });
});

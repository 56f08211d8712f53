// Saving results: JavaScript off (the keypad form's action on "/") and on (the background
// POST /history/save), signed in (a row) or a guest (the session's latest 20, kept on sign-up).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSession, startUserSession } from "../../../app/lib/sessions/session.server";
import { getPrisma } from "../../../app/lib/db/client.server";
import { initialState, press, type CalculatorState, type Key } from "../../../app/lib/calculator";
import { GUEST_RESULTS_MAX } from "../../../app/lib/sessions/guest-results";
import { action as keypadAction, loader as calculatorLoader } from "../../../app/routes/_index";
import { readKeypadCookie } from "../../../app/lib/calculator/keypad-cookie.server";
import { action as historyAction, loader as historyLoader } from "../../../app/routes/history";
import { action as saveAction } from "../../../app/routes/history_.save";
import {
  context,
  cookieFrom,
  createSignedInUser,
  formPost,
  get,
  ORIGIN,
  settle,
  setUpHistoryTestEnv,
  type HistoryTestEnv,
} from "./helpers";

let env: HistoryTestEnv;
beforeAll(async () => {
  env = await setUpHistoryTestEnv();
});
afterAll(async () => {
  await env?.close();
});

const rowsOf = async (userId: string) =>
  (await getPrisma()).calculationHistory.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { expression: true, result: true, metadata: true },
  });

/** What the keypad form posts with JavaScript off. */
function keyPost(state: CalculatorState, key: Key, cookie?: string) {
  return formPost("/?index", { state: JSON.stringify(state), key }, cookie);
}

async function runKeypad(keys: Key[], cookie?: string) {
  let state = initialState;
  for (const key of keys.slice(0, -1)) state = press(state, key);
  const response = (await keypadAction({ request: keyPost(state, keys.at(-1) as Key, cookie), params: {}, context })) as Response;
  // POST → 303 → GET: the next state travels to the page in the keypad cookie.
  expect(response.status).toBe(303);
  expect(response.headers.get("Location")).toBe("/");
  const pairs = response.headers.getSetCookie().map((setCookie) => setCookie.split(";")[0]);
  const carried = readKeypadCookie(new Request(ORIGIN, { headers: { Cookie: pairs.join("; ") } }));
  if (!carried) throw new Error("no keypad cookie");
  return { data: carried, init: { headers: response.headers } };
}

describe("JavaScript off: the keypad form saves after =", () => {
  it("saves the engine's result for a signed-in user, keypad and typed", async () => {
    const user = await createSignedInUser();
    const answer = await runKeypad(["7", "*", "6", "="], user.cookie);
    expect(answer.data.state.result).toBe("42");
    expect(answer.data.saveNotice).toBeNull();
    // A key that is not "=" saves nothing.
    await runKeypad(["7", "*", "6", "=", "+"], user.cookie);
    await keypadAction({ request: formPost("/?index", { state: JSON.stringify(initialState), expression: "0.1 + 0.2" }, user.cookie), params: {}, context });
    expect(await rowsOf(user.id)).toEqual([
      { expression: "7 × 6", result: "42", metadata: { input: "keypad" } },
      { expression: "0.1 + 0.2", result: "0.3", metadata: { input: "typed" } },
    ]);
  });

  it("saves nothing for an error, and keeps a guest's result in their session", async () => {
    const user = await createSignedInUser();
    await runKeypad(["1", "/", "0", "="], user.cookie);
    expect(await rowsOf(user.id)).toEqual([]);

    const guest = await runKeypad(["2", "+", "2", "="]);
    const cookie = cookieFrom(new Headers(guest.init?.headers).get("Set-Cookie"));
    const session = await getSession(new Request(ORIGIN, { headers: { Cookie: cookie } }));
    expect(session.get("guestResults")).toMatchObject([{ expression: "2 + 2", result: "4", input: "keypad" }]);
  });
});

describe("JavaScript on: POST /history/save", () => {
  const save = (fields: Record<string, string>, cookie?: string) => saveAction({ request: formPost("/history/save", fields, cookie), params: {}, context });

  it("stores the engine's result, never the client's", async () => {
    const user = await createSignedInUser();
    const response = await save({ expression: "200 + 10%", input: "keypad" }, user.cookie);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ saved: "history" });
    // A client-sent result is not even accepted.
    expect((await save({ expression: "1 + 1", input: "typed", result: "3" }, user.cookie)).status).toBe(400);
    expect(await rowsOf(user.id)).toEqual([{ expression: "200 + 10%", result: "220", metadata: { input: "keypad" } }]);
  });

  it("refuses what the engine refuses, and malformed requests", async () => {
    const user = await createSignedInUser();
    expect((await save({ expression: "1 / 0", input: "keypad" }, user.cookie)).status).toBe(422);
    expect((await save({ expression: "1 +", input: "typed" }, user.cookie)).status).toBe(422);
    expect((await save({ expression: "1".repeat(1001), input: "typed" }, user.cookie)).status).toBe(400);
    expect((await save({ expression: "1", input: "voice" }, user.cookie)).status).toBe(400);
    const json = await saveAction({
      request: new Request(`${ORIGIN}/history/save`, { method: "POST", headers: { "Content-Type": "application/json", Cookie: user.cookie }, body: "{}" }),
      params: {},
      context,
    });
    expect(json.status).toBe(415);
    expect(await rowsOf(user.id)).toEqual([]);
  });

  it("keeps a guest's latest 20 in the session, newest first", async () => {
    let cookie: string | undefined;
    for (let i = 1; i <= GUEST_RESULTS_MAX + 5; i++) {
      const response = await save({ expression: `${i} × 2`, input: "typed" }, cookie);
      expect(response.status).toBe(201);
      cookie ??= cookieFrom(response.headers.get("Set-Cookie"));
    }
    const list = (await getSession(new Request(ORIGIN, { headers: { Cookie: cookie as string } }))).get("guestResults") ?? [];
    expect(list).toHaveLength(GUEST_RESULTS_MAX);
    expect(list[0]).toMatchObject({ expression: "25 × 2", result: "50" });
    expect(list.at(-1)).toMatchObject({ expression: "6 × 2", result: "12" });
  });
});

describe("a guest's results when they sign up", () => {
  it("are offered, then kept in the history (or discarded)", async () => {
    let guestCookie: string | undefined;
    for (const expression of ["1 + 1", "2 + 2", "3 + 3"]) {
      const response = await saveAction({ request: formPost("/history/save", { expression, input: "keypad" }, guestCookie), params: {}, context });
      guestCookie ??= cookieFrom(response.headers.get("Set-Cookie"));
    }
    // Sign-up starts a fresh session (accounts code), which carries the guest's results over.
    const prisma = await getPrisma();
    const user = await prisma.user.create({ data: { email: "newcomer@example.com", passwordHash: "!test" } });
    const cookie = cookieFrom(await startUserSession(new Request(ORIGIN, { headers: { Cookie: guestCookie as string } }), user, false));
    expect(cookie).not.toBe(guestCookie);

    const offered = (await calculatorLoader({ request: get("/", cookie), params: {}, context })) as { offer: number };
    expect(offered.offer).toBe(3);
    const page = (await historyLoader({ request: get("/history", cookie), params: {}, context })) as { pendingGuestResults: number; rows: unknown[] };
    expect(page).toMatchObject({ pendingGuestResults: 3, rows: [] });

    const kept = (await settle(historyAction({ request: formPost("/history", { intent: "keep-guest" }, cookie), params: {}, context }))) as Response;
    expect(kept.status).toBe(302);
    expect(kept.headers.get("Location")).toBe("/history?notice=kept");
    const after = cookieFrom(kept.headers.get("Set-Cookie"));
    // Two results can share a millisecond: compare in a fixed order.
    const rows = await prisma.calculationHistory.findMany({ where: { userId: user.id }, orderBy: { result: "asc" } });
    expect(rows.map((row) => [row.expression, row.result, row.metadata])).toEqual([
      ["1 + 1", "2", { input: "keypad", source: "guest" }],
      ["2 + 2", "4", { input: "keypad", source: "guest" }],
      ["3 + 3", "6", { input: "keypad", source: "guest" }],
    ]);
    // Offered once: gone from the session now; keeping again adds nothing.
    expect(((await calculatorLoader({ request: get("/", after), params: {}, context })) as { offer: number }).offer).toBe(0);
    await historyAction({ request: formPost("/history", { intent: "keep-guest" }, after), params: {}, context }).catch((e: unknown) => e);
    expect(await prisma.calculationHistory.count({ where: { userId: user.id } })).toBe(3);
  });

  it("can be discarded", async () => {
    const response = await saveAction({ request: formPost("/history/save", { expression: "9 × 9", input: "keypad" }), params: {}, context });
    const guestCookie = cookieFrom(response.headers.get("Set-Cookie"));
    const user = await createSignedInUser();
    const cookie = cookieFrom(await startUserSession(new Request(ORIGIN, { headers: { Cookie: guestCookie } }), user, false));
    const discarded = (await settle(historyAction({ request: formPost("/history", { intent: "discard-guest" }, cookie), params: {}, context }))) as Response;
    expect(discarded.headers.get("Location")).toBe("/history?notice=discarded");
    expect(await rowsOf(user.id)).toEqual([]);
    const session = await getSession(new Request(ORIGIN, { headers: { Cookie: cookieFrom(discarded.headers.get("Set-Cookie")) } }));
    expect(session.get("guestResults")).toBeUndefined();
  });

  it("are not offered to a guest (only after signing in)", async () => {
    const response = await saveAction({ request: formPost("/history/save", { expression: "9 × 9", input: "keypad" }), params: {}, context });
    const guestCookie = cookieFrom(response.headers.get("Set-Cookie"));
    expect(((await calculatorLoader({ request: get("/", guestCookie), params: {}, context })) as { offer: number }).offer).toBe(0);
  });
});

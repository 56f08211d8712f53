// The history over the API, in process (as the history Lambda runs it): cursor pages, the free
// plan's latest results against premium's everything with search and dates, saving (the server
// evaluates), deleting one (another user's id is not found) and all. Responses are checked
// against the OpenAPI description (helpers.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FREE_HISTORY_LIMIT } from "../../../app/lib/history/limits";
import { countRows, insertRows, makePremium, setUpHistoryTestEnv, type HistoryTestEnv } from "../history/helpers";
import { api, createUser, keysValue, signIn, signingKey } from "./helpers";

let env: HistoryTestEnv;
beforeAll(async () => {
  env = await setUpHistoryTestEnv();
  process.env.JWT_SIGNING_KEYS = keysValue(signingKey("k1"));
});
afterAll(async () => {
  delete process.env.JWT_SIGNING_KEYS;
  await env?.close();
});

type Page = { items: Array<{ id: string; result: string; expression: string; input: string | null }>; next_cursor: string | null; plan: string; hidden_by_plan: number };

async function signedIn(premium = false) {
  const user = await createUser();
  if (premium) await makePremium(user.id);
  return { ...user, token: (await signIn(user.email)).access_token };
}

async function allPages(token: string, query = "", limit = 40): Promise<{ results: string[]; pages: number }> {
  const results: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const params = new URLSearchParams(query);
    params.set("limit", String(limit));
    if (cursor) params.set("cursor", cursor);
    const answer = await api("GET", `/v1/history?${params}`, { token });
    expect(answer.status, answer.text).toBe(200);
    const page = answer.body as Page;
    results.push(...page.items.map((item) => item.result));
    cursor = page.next_cursor;
    pages++;
  } while (cursor);
  return { results, pages };
}

describe("GET /v1/history", () => {
  it("pages newest first with a cursor; the free plan lists the latest results only and says how many are hidden", async () => {
    const user = await signedIn();
    await insertRows(user.id, FREE_HISTORY_LIMIT + 5);
    const first = (await api("GET", "/v1/history", { token: user.token })).body as Page;
    expect(first.plan).toBe("free");
    expect(first.items).toHaveLength(25);
    expect(first.items[0]?.result).toBe(String(FREE_HISTORY_LIMIT + 4));
    expect(first.hidden_by_plan).toBe(5);
    const { results, pages } = await allPages(user.token);
    expect(results).toHaveLength(FREE_HISTORY_LIMIT);
    expect(new Set(results).size).toBe(FREE_HISTORY_LIMIT);
    expect(pages).toBe(Math.ceil(FREE_HISTORY_LIMIT / 40));
  });

  it("lists everything for premium, with search and a date range", async () => {
    const user = await signedIn(true);
    await insertRows(user.id, FREE_HISTORY_LIMIT + 5, new Date("2026-01-01T00:00:00Z"));
    await insertRows(user.id, 3, new Date("2026-03-10T10:00:00Z"), (i) => ({ expression: `7 × ${i}`, result: `seven-${i}` }));
    expect((await allPages(user.token)).results).toHaveLength(FREE_HISTORY_LIMIT + 8);
    const search = (await api("GET", "/v1/history?q=seven", { token: user.token })).body as Page;
    expect(search.items.map((item) => item.result)).toEqual(["seven-2", "seven-1", "seven-0"]);
    const symbols = (await api("GET", `/v1/history?q=${encodeURIComponent("7*1")}`, { token: user.token })).body as Page;
    expect(symbols.items.map((item) => item.result)).toEqual(["seven-1"]);
    const range = (await api("GET", "/v1/history?from=2026-03-10&to=2026-03-10", { token: user.token })).body as Page;
    expect(range.items).toHaveLength(3);
    expect((await allPages(user.token, "to=2026-01-01")).results).toHaveLength(FREE_HISTORY_LIMIT + 5);
  });

  it("answers 403 plan_limit when a free user asks for search or dates", async () => {
    const user = await signedIn();
    for (const query of ["q=1", "from=2026-01-01", "to=2026-01-01"]) {
      const answer = await api("GET", `/v1/history?${query}`, { token: user.token });
      expect(answer.status, query).toBe(403);
      expect((answer.body as { code: string }).code).toBe("plan_limit");
    }
  });

  it("refuses bad parameters with 400 naming them, changing nothing", async () => {
    const user = await signedIn(true);
    const bad = {
      "cursor=not-ours": /cursor/,
      "limit=0": /limit/,
      "limit=101": /limit/,
      "limit=ten": /limit/,
      "from=2026-02-30": /from/,
      "to=yesterday": /to/,
      "from=2026-02-01&to=2026-01-01": /from: must not be after to/,
      [`q=${"x".repeat(101)}`]: /q: must be at most 100/,
      "sort=asc": /unknown parameter/,
      "q=a&q=b": /q: give it at most once/,
    };
    for (const [query, message] of Object.entries(bad)) {
      const answer = await api("GET", `/v1/history?${query}`, { token: user.token });
      expect(answer.status, query).toBe(400);
      expect((answer.body as { detail: string }).detail, query).toMatch(message);
    }
  });
});

describe("the per-account limit", () => {
  it("allows 300 requests a minute per account, then answers 429 with Retry-After; other accounts are not affected", async () => {
    const busy = await signedIn();
    const calm = await signedIn();
    for (let i = 0; i < 300; i++) {
      const answer = await api("GET", "/v1/me", { token: busy.token });
      if (answer.status !== 200) throw new Error(`request ${i + 1}: ${answer.status}`);
    }
    const limited = await api("GET", "/v1/history", { token: busy.token });
    expect(limited.status).toBe(429);
    expect((limited.body as { code: string }).code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await api("GET", "/v1/history", { token: calm.token })).status).toBe(200);
  });
});

describe("POST /v1/history", () => {
  it("saves what the server evaluates, never a result the client sends", async () => {
    const user = await signedIn();
    const saved = await api("POST", "/v1/history", { token: user.token, json: { expression: "0.1 + 0.2" } });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ expression: "0.1 + 0.2", result: "0.3", input: "typed" });
    const keypad = await api("POST", "/v1/history", { token: user.token, json: { expression: "2 × 3", input: "keypad" } });
    expect(keypad.body).toMatchObject({ result: "6", input: "keypad" });
    expect((await api("POST", "/v1/history", { token: user.token, json: { expression: "1 + 1", result: "3" } })).status).toBe(400);
    const page = (await api("GET", "/v1/history", { token: user.token })).body as Page;
    expect(page.items.map((item) => [item.expression, item.result, item.input])).toEqual([
      ["2 × 3", "6", "keypad"],
      ["0.1 + 0.2", "0.3", "typed"],
    ]);
  });

  it("refuses what has no result (422) and bad bodies (400, 413, 415), saving nothing", async () => {
    const user = await signedIn();
    const zero = await api("POST", "/v1/history", { token: user.token, json: { expression: "1 / 0" } });
    expect(zero.status).toBe(422);
    expect((zero.body as { code: string }).code).toBe("unprocessable");
    expect((await api("POST", "/v1/history", { token: user.token, json: { expression: "" } })).status).toBe(400);
    expect((await api("POST", "/v1/history", { token: user.token, json: { expression: "1", input: "voice" } })).status).toBe(400);
    expect((await api("POST", "/v1/history", { token: user.token, json: "1 + 1" })).status).toBe(400);
    expect((await api("POST", "/v1/history", { token: user.token, json: { expression: "1+".repeat(9000) } })).status).toBe(413);
    expect((await api("POST", "/v1/history", { token: user.token, headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await api("POST", "/v1/history", { token: user.token, headers: { "content-type": "application/json" } })).status).toBe(400);
    expect(await countRows(user.id)).toBe(0);
  });
});

describe("DELETE /v1/history/{id} and /v1/history", () => {
  it("deletes one of the caller's results; another user's id, or one that never existed, is 404 and deletes nothing", async () => {
    const owner = await signedIn();
    const intruder = await signedIn();
    const id = ((await api("POST", "/v1/history", { token: owner.token, json: { expression: "1 + 2" } })).body as { id: string }).id;
    const theirs = await api("DELETE", `/v1/history/${id}`, { token: intruder.token });
    expect(theirs.status).toBe(404);
    expect((theirs.body as { code: string }).code).toBe("not_found");
    expect(await countRows(owner.id)).toBe(1);
    expect((await api("DELETE", "/v1/history/no-such-id", { token: owner.token })).status).toBe(404);
    expect((await api("DELETE", `/v1/history/${encodeURIComponent("x'; DROP TABLE users; --")}`, { token: owner.token })).status).toBe(404);
    expect((await api("DELETE", `/v1/history/${id}`)).status).toBe(401);
    expect((await api("GET", `/v1/history/${id}`, { token: owner.token })).status).toBe(405);
    expect((await api("DELETE", `/v1/history/${id}`, { token: owner.token })).status).toBe(204);
    expect(await countRows(owner.id)).toBe(0);
    expect((await api("DELETE", `/v1/history/${id}`, { token: owner.token })).status).toBe(404);
  });

  it("DELETE /v1/history clears the caller's history only", async () => {
    const user = await signedIn();
    const other = await signedIn();
    await insertRows(user.id, 3);
    await insertRows(other.id, 2);
    const cleared = await api("DELETE", "/v1/history", { token: user.token });
    expect(cleared.body).toEqual({ deleted: 3 });
    expect(await countRows(user.id)).toBe(0);
    expect(await countRows(other.id)).toBe(2);
    expect((await api("PUT", "/v1/history", { token: user.token })).status).toBe(405);
  });
});

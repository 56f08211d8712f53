// The /history page: newest first, cursor pagination, delete one, clear all, the free plan's
// latest 100 against premium's everything, premium search and date filters, and ownership.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "../../../app/lib/db/client.server";
import { FREE_HISTORY_LIMIT, PAGE_SIZE } from "../../../app/lib/history/limits";
import type { HistoryPageData } from "../../../app/lib/history/page.server";
import { action, loader } from "../../../app/routes/history";
import {
  context,
  countRows,
  createSignedInUser,
  formPost,
  get,
  insertRows,
  makePremium,
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

const page = async (search: string, cookie: string) => (await loader({ request: get(`/history${search}`, cookie), params: {}, context })) as HistoryPageData;

/** Every row the pages show, following "older" links from the first page. */
async function allPages(cookie: string, query = ""): Promise<{ results: string[]; pages: number }> {
  const results: string[] = [];
  let search = query ? `?${query}` : "";
  let pages = 0;
  for (;;) {
    const shown = await page(search, cookie);
    pages++;
    results.push(...shown.rows.map((row) => row.result));
    if (!shown.nextCursor) return { results, pages };
    const params = new URLSearchParams(query);
    params.set("cursor", shown.nextCursor);
    search = `?${params}`;
  }
}

describe("/history", () => {
  it("sends a guest to /login and back", async () => {
    const answer = (await settle(loader({ request: get("/history?q=x"), params: {}, context }))) as Response;
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe(`/login?${new URLSearchParams({ redirectTo: "/history?q=x" })}`);
    const data = (await settle(loader({ request: get("/history.data"), params: {}, context }))) as Response;
    expect(data.headers.get("Location")).toBe(`/login?${new URLSearchParams({ redirectTo: "/history" })}`);
    const post = (await settle(action({ request: formPost("/history", { intent: "clear" }), params: {}, context }))) as Response;
    expect(post.status).toBe(302);
  });

  it("pages newest first with a cursor: no duplicates, no gaps, even with equal timestamps and rows added meanwhile", async () => {
    const user = await createSignedInUser();
    await makePremium(user.id);
    await insertRows(user.id, 60);
    // Five rows sharing one timestamp: the id breaks the tie.
    const prisma = await getPrisma();
    const same = new Date(Date.now() - 500_000);
    await prisma.calculationHistory.createMany({
      data: [0, 1, 2, 3, 4].map((i) => ({ userId: user.id, expression: `t${i}`, result: `t${i}`, createdAt: same })),
    });

    const first = await page("", user.cookie);
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(first.rows[0]?.result).toBe("59");
    expect(first.firstPage).toBe(true);
    // A new row arriving between pages does not shift the next page (it is newer than the cursor).
    await insertRows(user.id, 1, new Date(), () => ({ expression: "new", result: "new" }));
    const second = await page(`?cursor=${first.nextCursor}`, user.cookie);
    expect(second.rows[0]?.result).toBe(String(59 - PAGE_SIZE));
    expect(second.firstPage).toBe(false);

    const { results, pages } = await allPages(user.cookie);
    expect(pages).toBe(Math.ceil(66 / PAGE_SIZE));
    expect(new Set(results).size).toBe(66);
    const timestamps = (await Promise.all([page("", user.cookie)])).flatMap((p) => p.rows.map((r) => r.createdAt));
    expect([...timestamps].sort().reverse()).toEqual(timestamps);
  });

  it("deletes one row, and only the owner's: another user's id is a 404 that changes nothing", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    await insertRows(alice.id, 3);
    await insertRows(bob.id, 2);
    const aliceRows = (await page("", alice.cookie)).rows;
    const bobRows = (await page("", bob.cookie)).rows;
    expect(aliceRows.map((r) => r.id)).not.toContain(bobRows[0]?.id);

    const stolen = (await settle(action({ request: formPost("/history", { intent: "delete", id: aliceRows[0]?.id ?? "" }, bob.cookie), params: {}, context }))) as Response;
    expect(stolen.status).toBe(404);
    expect(await countRows(alice.id)).toBe(3);
    expect(await countRows(bob.id)).toBe(2);
    // Ids that are not ids are not found either (never a database error).
    for (const id of ["' OR 1=1 --", "x".repeat(64)]) {
      expect(((await settle(action({ request: formPost("/history", { intent: "delete", id }, bob.cookie), params: {}, context }))) as Response).status).toBe(404);
    }

    const deleted = (await settle(action({ request: formPost("/history?cursor=abc", { intent: "delete", id: aliceRows[1]?.id ?? "" }, alice.cookie), params: {}, context }))) as Response;
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("Location")).toBe("/history?cursor=abc&notice=deleted");
    expect((await page("?notice=deleted", alice.cookie)).notice).toBe("The result was deleted.");
    expect((await page("", alice.cookie)).rows.map((r) => r.id)).toEqual([aliceRows[0]?.id, aliceRows[2]?.id]);
    expect(await countRows(bob.id)).toBe(2);
  });

  it("clears all of the user's history and nobody else's", async () => {
    const alice = await createSignedInUser();
    const bob = await createSignedInUser();
    await insertRows(alice.id, 4);
    await insertRows(bob.id, 4);
    const cleared = (await settle(action({ request: formPost("/history", { intent: "clear" }, alice.cookie), params: {}, context }))) as Response;
    expect(cleared.headers.get("Location")).toBe("/history?notice=cleared");
    expect(await countRows(alice.id)).toBe(0);
    expect(await countRows(bob.id)).toBe(4);
  });

  it("shows a free user the latest 100 and keeps the rest; premium sees everything", async () => {
    const user = await createSignedInUser();
    await insertRows(user.id, FREE_HISTORY_LIMIT + 30);
    const free = await allPages(user.cookie);
    expect(free.results).toHaveLength(FREE_HISTORY_LIMIT);
    expect(free.results[0]).toBe(String(FREE_HISTORY_LIMIT + 29));
    expect(free.results.at(-1)).toBe("30");
    expect((await page("", user.cookie)).hiddenByPlan).toBe(30);
    expect(await countRows(user.id)).toBe(FREE_HISTORY_LIMIT + 30);

    await makePremium(user.id);
    const premium = await allPages(user.cookie);
    expect(premium.results).toHaveLength(FREE_HISTORY_LIMIT + 30);
    expect((await page("", user.cookie)).hiddenByPlan).toBe(0);
  });

  it("a lapsed subscription is free again (isPremium reads the subscription row)", async () => {
    const user = await createSignedInUser();
    await insertRows(user.id, FREE_HISTORY_LIMIT + 1);
    const prisma = await getPrisma();
    await prisma.subscription.create({
      data: { userId: user.id, status: "canceled", priceId: "price_test", currentPeriodEnd: new Date(Date.now() - 1000) },
    });
    expect((await page("", user.cookie)).premium).toBe(false);
    expect((await allPages(user.cookie)).results).toHaveLength(FREE_HISTORY_LIMIT);
  });

  it("searches by expression or result and filters by date for premium only", async () => {
    const user = await createSignedInUser();
    const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
    const prisma = await getPrisma();
    await prisma.calculationHistory.createMany({
      data: [
        { userId: user.id, expression: "200 + 10%", result: "220", createdAt: day("2026-01-05") },
        { userId: user.id, expression: "2 × −3", result: "-6", createdAt: day("2026-01-10") },
        { userId: user.id, expression: "7 × 6", result: "42", createdAt: day("2026-02-01") },
        { userId: user.id, expression: "100 ÷ 4", result: "25", createdAt: day("2026-02-15") },
      ],
    });
    const results = async (query: string) => (await allPages(user.cookie, query)).results;

    // Free: the filters are ignored, and the page says they are premium.
    const free = await page("?q=42", user.cookie);
    expect(free.rows).toHaveLength(4);
    expect(free.upsell).toBe(true);

    await makePremium(user.id);
    expect(await results("q=42")).toEqual(["42"]);
    expect(await results("q=%25")).toEqual(["220"]); // "%" is a character, not a wildcard
    expect(await results("q=_")).toEqual([]);
    expect(await results("q=2*-3")).toEqual(["-6"]); // typed operators find the calculator's symbols
    expect(await results("q=−")).toEqual(["-6"]);
    expect(await results("q=-6")).toEqual(["-6"]); // the result
    expect(await results("q=÷")).toEqual(["25"]);
    expect(await results("from=2026-01-06&to=2026-02-01")).toEqual(["42", "-6"]);
    expect(await results("from=2026-02-01")).toEqual(["25", "42"]);
    expect(await results("q=2&to=2026-01-31")).toEqual(["-6", "220"]);
    const bad = await page("?from=2026-02-30", user.cookie);
    expect(bad.problems).toHaveLength(1);
    expect(bad.rows).toHaveLength(4);
  });
});

// The premium CSV export: streamed, RFC 4180 quoting with the formula-injection guard, a dated
// file name, archived rows included (and never twice), premium only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "../../../app/lib/db/client.server";
import { archiveHistory } from "../../../app/lib/history/jobs/archive-history.server";
import { loader } from "../../../app/routes/history_.export[.csv]";
import { context, createSignedInUser, get, insertRows, makePremium, settle, setUpHistoryTestEnv, type HistoryTestEnv } from "./helpers";

let env: HistoryTestEnv;
beforeAll(async () => {
  env = await setUpHistoryTestEnv();
});
afterAll(async () => {
  await env?.close();
});

const DAY = 24 * 60 * 60 * 1000;

/** A strict RFC 4180 reader: fields, quoted fields with "" and line breaks, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      i++;
    } else if (c === ",") {
      record.push(field);
      field = "";
      i++;
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 2;
    } else {
      if (c === '"' || c === "\n" || c === "\r") throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
      field += c;
      i++;
    }
  }
  if (field !== "" || record.length > 0) throw new Error("last record does not end with CRLF");
  return records;
}

async function exportFor(cookie: string): Promise<Response> {
  return (await settle(loader({ request: get("/history/export.csv", cookie), params: {}, context }))) as Response;
}

async function readChunks(response: Response): Promise<{ text: string; chunks: number }> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text, chunks };
    chunks++;
    text += decoder.decode(value, { stream: true });
  }
}

describe("GET /history/export.csv", () => {
  it("is premium only: a free user gets a 403 page with an upgrade link, a guest the login", async () => {
    const user = await createSignedInUser();
    const refused = await exportFor(user.cookie);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("Content-Type")).toContain("text/html");
    expect(await refused.text()).toContain('<a href="/billing">Upgrade to Premium</a>');
    const guest = (await settle(loader({ request: get("/history/export.csv"), params: {}, context }))) as Response;
    expect(guest.status).toBe(302);
    expect(guest.headers.get("Location")).toContain("/login?redirectTo=%2Fhistory%2Fexport.csv");
  });

  it("quotes per RFC 4180, guards formula cells, names the file with the date", async () => {
    const user = await createSignedInUser();
    await makePremium(user.id);
    const prisma = await getPrisma();
    // Stored values a spreadsheet could misread (the calculator itself never writes these, but
    // the export must not trust that).
    const tricky = ["1,5 + 2", 'say "hi"', "line\r\nbreak", "=HYPERLINK(\"http://evil\")", "+1", "@SUM(A1)", "2 × −3"];
    await prisma.calculationHistory.createMany({
      data: tricky.map((expression, i) => ({ userId: user.id, expression, result: i === 6 ? "-6" : String(i), metadata: { input: "typed" }, createdAt: new Date(Date.UTC(2026, 0, 1 + i)) })),
    });
    const response = await exportFor(user.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="calcapp-history-${today}.csv"`);
    const records = parseCsv(await response.text());
    expect(records[0]).toEqual(["created_at", "expression", "result", "input", "archived"]);
    const body = records.slice(1);
    expect(body.map((r) => r[1])).toEqual(["2 × −3", "'@SUM(A1)", "'+1", "'=HYPERLINK(\"http://evil\")", "line\r\nbreak", 'say "hi"', "1,5 + 2"]);
    expect(body[0]).toEqual(["2026-01-07T00:00:00.000Z", "2 × −3", "'-6", "typed", "no"]);
  });

  it("streams a long history in chunks, then the archived rows, each row once (even mid-archive)", async () => {
    const user = await createSignedInUser();
    await makePremium(user.id);
    const now = Date.now();
    await insertRows(user.id, 2500, new Date(now - 5 * DAY));
    await insertRows(user.id, 30, new Date(now - 800 * DAY), (i) => ({ expression: `${i} × 1`, result: `old${i}` }));
    // Archive the old rows; a second user's archive must not leak into this export.
    const other = await createSignedInUser();
    await insertRows(other.id, 5, new Date(now - 800 * DAY), () => ({ expression: "1", result: "other" }));
    expect(await archiveHistory({ afterDays: 365 })).toMatchObject({ archivedRows: 35 });

    // And a crash mid-archive: rows in the archive AND still in the table.
    await insertRows(user.id, 3, new Date(now - 700 * DAY), (i) => ({ expression: `${i} × 2`, result: `mid${i}` }));
    await archiveHistory({
      afterDays: 365,
      afterUpload: () => {
        throw new Error("simulated crash");
      },
    }).catch(() => undefined);

    const { text, chunks } = await readChunks(await exportFor(user.cookie));
    expect(chunks).toBeGreaterThan(1);
    const body = parseCsv(text).slice(1);
    expect(body).toHaveLength(2500 + 30 + 3);
    expect(new Set(body.map((r) => `${r[0]}|${r[1]}|${r[2]}`)).size).toBe(body.length);
    const results = body.map((r) => r[2]);
    expect(results).not.toContain("other");
    expect(results.slice(2500, 2503)).toEqual(["mid2", "mid1", "mid0"]); // still in the table: once, as live rows
    expect(body.slice(2503).every((r) => r[4] === "yes")).toBe(true);
    expect(results.slice(2503, 2506)).toEqual(["old29", "old28", "old27"]);
    const times = body.map((r) => r[0] as string);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

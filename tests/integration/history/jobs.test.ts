// The scheduled jobs: archive old history (to a local folder and to S3), purge accounts deleted
// over 30 days ago, clean expired session ids. Each must be idempotent and safe to re-run after a
// crash midway.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getSession, sessionKey, startUserSession, userSessionsKey } from "../../../app/lib/sessions/session.server";
import { getPrisma } from "../../../app/lib/db/client.server";
import { decodeArchive } from "../../../app/lib/history/archive/archive-codec.server";
import { archiveKey } from "../../../app/lib/history/archive/archive-key";
import { getArchiveStore } from "../../../app/lib/history/archive/get-archive-store.server";
import { archiveHistory } from "../../../app/lib/history/jobs/archive-history.server";
import { cleanSessions, CURSOR_KEY } from "../../../app/lib/sessions/clean-sessions.server";
import { purgeDeletedUsers } from "../../../app/lib/auth/purge-deleted-users.server";
import { getStore } from "../../../app/lib/store/get-store.server";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { action as historyAction } from "../../../app/routes/history";
import { context, cookieFrom, countRows, createSignedInUser, formPost, ORIGIN, setUpHistoryTestEnv, type HistoryTestEnv } from "./helpers";
import { installFakeS3 } from "./s3-fake";

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-11-25T12:00:00Z");
const BUCKET = "calcapp-test-history-archive";

let env: HistoryTestEnv;
beforeAll(async () => {
  env = await setUpHistoryTestEnv();
});
afterAll(async () => {
  await env?.close();
});

/** Rows at the given instants for `userId`; returns their ids in that order. */
async function rowsAt(userId: string, instants: Date[]): Promise<string[]> {
  const prisma = await getPrisma();
  const ids: string[] = [];
  for (const [i, createdAt] of instants.entries()) {
    const row = await prisma.calculationHistory.create({
      data: { userId, expression: `${i} + 1`, result: String(i + 1), metadata: { input: "typed" }, createdAt },
      select: { id: true },
    });
    ids.push(row.id);
  }
  return ids;
}

async function archivedIds(userId: string, month: string): Promise<string[]> {
  const object = await (await getArchiveStore()).read(archiveKey(userId, new Date(`${month}-01T00:00:00Z`)));
  return object ? (await decodeArchive(object.body)).map((row) => row.id) : [];
}

describe("archive-history, local folder", () => {
  it("moves rows older than the configured age into one gzipped JSON-lines object per user and month, and a re-run changes nothing", async () => {
    const user = await createSignedInUser();
    const old = await rowsAt(user.id, [new Date("2025-09-03T10:00:00Z"), new Date("2025-09-28T10:00:00Z"), new Date("2025-10-01T00:00:00Z")]);
    await rowsAt(user.id, [new Date(NOW.getTime() - 10 * DAY)]);

    process.env.HISTORY_ARCHIVE_AFTER_DAYS = "365";
    const first = await archiveHistory({ now: NOW });
    delete process.env.HISTORY_ARCHIVE_AFTER_DAYS;
    expect(first).toMatchObject({ archivedRows: 3, objectsWritten: 2, finished: true });
    expect(await countRows(user.id)).toBe(1);
    expect(await archivedIds(user.id, "2025-09")).toEqual(old.slice(0, 2));
    expect(await archivedIds(user.id, "2025-10")).toEqual(old.slice(2));
    const files = await readdir(path.join(env.archiveDir, "archive", user.id, "2025"));
    expect(files.sort()).toEqual(["09.jsonl.gz", "10.jsonl.gz"]);

    const again = await archiveHistory({ now: NOW, afterDays: 365 });
    expect(again).toMatchObject({ archivedRows: 0, objectsWritten: 0, finished: true });
    expect(await archivedIds(user.id, "2025-09")).toEqual(old.slice(0, 2));
  });

  it("leaves soft-deleted accounts to the purge", async () => {
    const user = await createSignedInUser();
    await rowsAt(user.id, [new Date("2024-01-01T00:00:00Z")]);
    await (await getPrisma()).user.update({ where: { id: user.id }, data: { deletedAt: NOW } });
    await archiveHistory({ now: NOW, afterDays: 365 });
    expect(await countRows(user.id)).toBe(1);
  });
});

describe("archive-history, S3", () => {
  let s3: ReturnType<typeof installFakeS3>;
  beforeAll(() => {
    s3 = installFakeS3(BUCKET);
    process.env.HISTORY_ARCHIVE_BUCKET = BUCKET;
    process.env.AWS_REGION = "us-east-1";
  });
  afterAll(() => {
    s3.restore();
    delete process.env.HISTORY_ARCHIVE_BUCKET;
  });
  afterEach(() => s3.objects.clear());

  it("writes to the bucket (If-None-Match, then If-Match) under archive/<user>/<yyyy>/<mm>.jsonl.gz", async () => {
    const user = await createSignedInUser();
    await rowsAt(user.id, [new Date("2025-01-15T00:00:00Z"), new Date("2025-01-16T00:00:00Z")]);
    const result = await archiveHistory({ now: NOW, afterDays: 365, batchSize: 1 });
    expect(result).toMatchObject({ archivedRows: 2, objectsWritten: 2 });
    expect([...s3.objects.keys()]).toEqual([`archive/${user.id}/2025/01.jsonl.gz`]);
    expect(await archivedIds(user.id, "2025-01")).toHaveLength(2);
    const puts = s3.mock.commandCalls(PutObjectCommandClass()).map((call) => call.args[0].input);
    expect(puts[0]).toMatchObject({ IfNoneMatch: "*" });
    expect(puts[1]?.IfMatch).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it("a crash between upload and delete: the re-run writes no duplicates and deletes the rows", async () => {
    const user = await createSignedInUser();
    const ids = await rowsAt(user.id, [new Date("2025-03-01T00:00:00Z"), new Date("2025-03-02T00:00:00Z"), new Date("2025-04-01T00:00:00Z")]);
    let crashes = 1;
    await expect(
      archiveHistory({
        now: NOW,
        afterDays: 365,
        afterUpload: () => {
          if (crashes-- > 0) throw new Error("simulated crash after the upload");
        },
      }),
    ).rejects.toThrow("simulated crash");
    // Midway: March is in the bucket AND still in the table.
    expect(await archivedIds(user.id, "2025-03")).toEqual(ids.slice(0, 2));
    expect(await countRows(user.id)).toBe(3);

    const rerun = await archiveHistory({ now: NOW, afterDays: 365 });
    expect(rerun).toMatchObject({ archivedRows: 3, finished: true });
    expect(await archivedIds(user.id, "2025-03")).toEqual(ids.slice(0, 2));
    expect(await archivedIds(user.id, "2025-04")).toEqual(ids.slice(2));
    expect(await countRows(user.id)).toBe(0);
  });

  it("a failed upload midway: nothing is deleted that was not uploaded, and the re-run finishes", async () => {
    const user = await createSignedInUser();
    await rowsAt(user.id, [new Date("2025-05-01T00:00:00Z"), new Date("2025-06-01T00:00:00Z")]);
    // The first month uploads; the second month's upload fails: the job stops there.
    s3.faults.failPuts = 0;
    let uploads = 0;
    await expect(
      archiveHistory({
        now: NOW,
        afterDays: 365,
        afterUpload: () => {
          if (++uploads === 1) s3.faults.failPuts = 1;
        },
      }),
    ).rejects.toThrow("simulated S3 outage");
    expect(await countRows(user.id)).toBe(1);
    expect(s3.objects.size).toBe(1);
    expect(await archiveHistory({ now: NOW, afterDays: 365 })).toMatchObject({ archivedRows: 1, finished: true });
    expect(s3.objects.size).toBe(2);
    expect(await countRows(user.id)).toBe(0);
  });

  it("two runs at once archive every row exactly once (conditional writes)", async () => {
    const user = await createSignedInUser();
    const instants = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2025, 6, 1 + (i % 28), i)));
    const ids = await rowsAt(user.id, instants);
    const [a, b] = await Promise.all([
      archiveHistory({ now: NOW, afterDays: 365, batchSize: 7 }),
      archiveHistory({ now: NOW, afterDays: 365, batchSize: 5 }),
    ]);
    expect(a.archivedRows + b.archivedRows).toBe(40);
    expect((await archivedIds(user.id, "2025-07")).sort()).toEqual([...ids].sort());
    expect(await countRows(user.id)).toBe(0);
  });

  it("a user's clear all during an archive run waits for it, and nothing survives in either place", async () => {
    const user = await createSignedInUser();
    await rowsAt(user.id, [new Date("2025-08-01T00:00:00Z"), new Date("2025-08-02T00:00:00Z"), new Date(NOW.getTime() - DAY)]);
    let clearing: Promise<unknown> | undefined;
    await archiveHistory({
      now: NOW,
      afterDays: 365,
      afterUpload: async () => {
        // The rows being archived are locked: the clear waits for this batch to commit.
        clearing = historyAction({ request: formPost("/history", { intent: "clear" }, user.cookie), params: {}, context }).catch((e: unknown) => e);
        await new Promise((resolve) => setTimeout(resolve, 300));
      },
    });
    expect(((await clearing) as Response).headers.get("Location")).toBe("/history?notice=cleared");
    expect(await countRows(user.id)).toBe(0);
    expect(s3.objects.size).toBe(0);
  });
});

describe("purge-deleted-users", () => {
  it("deletes accounts soft-deleted over 30 days ago with history, archive and sessions; re-runs after a crash", async () => {
    const prisma = await getPrisma();
    const store = await getStore();
    const gone = await createSignedInUser();
    const gone2 = await createSignedInUser();
    const recent = await createSignedInUser();
    const live = await createSignedInUser();
    for (const user of [gone, gone2, recent, live]) await rowsAt(user.id, [new Date("2024-05-01T00:00:00Z"), new Date(NOW.getTime() - DAY)]);
    await archiveHistory({ now: NOW, afterDays: 365 });
    await prisma.user.updateMany({ where: { id: { in: [gone.id, gone2.id] } }, data: { deletedAt: new Date(NOW.getTime() - 31 * DAY) } });
    await prisma.user.update({ where: { id: recent.id }, data: { deletedAt: new Date(NOW.getTime() - 10 * DAY) } });
    const goneSession = (await getSession(new Request(ORIGIN, { headers: { Cookie: gone.cookie } }))).id;
    expect(await store.get(sessionKey(goneSession))).not.toBeNull();

    let crashes = 1;
    await expect(
      purgeDeletedUsers({
        now: NOW,
        beforeDeleteUser: () => {
          if (crashes-- > 0) throw new Error("simulated crash before the row goes");
        },
      }),
    ).rejects.toThrow("simulated crash");
    // Midway: the first account's archive and sessions are gone, its row is still there to be found.
    expect(await prisma.user.count({ where: { id: { in: [gone.id, gone2.id] } } })).toBe(2);

    const rerun = await purgeDeletedUsers({ now: NOW });
    expect(rerun).toMatchObject({ usersPurged: 2, finished: true });
    expect(await prisma.user.count({ where: { id: { in: [gone.id, gone2.id] } } })).toBe(0);
    expect(await prisma.calculationHistory.count({ where: { userId: { in: [gone.id, gone2.id] } } })).toBe(0);
    expect(await (await getArchiveStore()).list(`archive/${gone.id}/`)).toEqual([]);
    expect(await store.get(sessionKey(goneSession))).toBeNull();
    expect(await store.setMembers(userSessionsKey(gone.id))).toEqual([]);
    // The others are untouched.
    for (const user of [recent, live]) {
      expect(await countRows(user.id)).toBe(1);
      expect(await (await getArchiveStore()).list(`archive/${user.id}/`)).toHaveLength(1);
    }
    expect(await purgeDeletedUsers({ now: NOW })).toMatchObject({ usersPurged: 0, finished: true });
  });
});

describe("clean-sessions", () => {
  it("removes ids of expired sessions from the users' lists; re-runs after a crash", async () => {
    const store = await getStore();
    const user = await createSignedInUser();
    const second = cookieFrom(await startUserSession(new Request(ORIGIN), user, false));
    const third = cookieFrom(await startUserSession(new Request(ORIGIN), user, true));
    const ids = await Promise.all([user.cookie, second, third].map(async (cookie) => (await getSession(new Request(ORIGIN, { headers: { Cookie: cookie } }))).id));
    expect((await store.setMembers(userSessionsKey(user.id))).sort()).toEqual([...ids].sort());
    // Two sessions expire (the store drops the session, the list keeps the id).
    await store.del([sessionKey(ids[0] as string), sessionKey(ids[2] as string)]);

    // A crash after cleaning a page but before saving the cursor: the re-run checks it again.
    await store.set(CURSOR_KEY, "", 60_000);
    await expect(cleanSessions({ afterPage: () => Promise.reject(new Error("simulated crash")) })).rejects.toThrow("simulated crash");
    expect(await store.setMembers(userSessionsKey(user.id))).toEqual([ids[1]]);
    const result = await cleanSessions();
    expect(result).toMatchObject({ idsRemoved: 0, finished: true });
    expect(result.usersChecked).toBeGreaterThan(0);
    expect(await store.setMembers(userSessionsKey(user.id))).toEqual([ids[1]]);
    expect(await store.get(CURSOR_KEY)).toBeNull();
    // The live session still works.
    expect((await getSession(new Request(ORIGIN, { headers: { Cookie: second } }))).get("userId")).toBe(user.id);
    expect(await cleanSessions()).toMatchObject({ idsRemoved: 0, finished: true });
  });
});

function PutObjectCommandClass() {
  return PutObjectCommand;
}

// Writes to calculation_history. Every statement names the user: the id of a row alone never
// selects it, so a row id sent by another user's browser matches nothing.
import { getPrisma } from "../db/client.server";
import type { GuestResult } from "../sessions/guest-results";
import type { HistoryMetadata } from "./types";

export type NewEntry = { expression: string; result: string; metadata: HistoryMetadata };

/** Saves one result (already evaluated by the engine) for `userId`; returns the row id. */
export async function saveEntry(userId: string, entry: NewEntry): Promise<string> {
  const prisma = await getPrisma();
  const row = await prisma.calculationHistory.create({
    data: { userId, expression: entry.expression, result: entry.result, metadata: entry.metadata },
    select: { id: true },
  });
  return row.id;
}

/** Keeps a guest's results (from before signing up) in the user's history, with their times. */
export async function saveGuestResults(userId: string, results: readonly GuestResult[]): Promise<number> {
  if (results.length === 0) return 0;
  const prisma = await getPrisma();
  const { count } = await prisma.calculationHistory.createMany({
    data: results.map((result) => ({
      userId,
      expression: result.expression,
      result: result.result,
      metadata: { input: result.input, source: "guest" } satisfies HistoryMetadata,
      createdAt: new Date(result.at),
    })),
  });
  return count;
}

/** Deletes one of the user's rows; false when the user has no row with that id. */
export async function deleteEntry(userId: string, id: string): Promise<boolean> {
  const prisma = await getPrisma();
  const { count } = await prisma.calculationHistory.deleteMany({ where: { id, userId } });
  return count === 1;
}

/** Deletes every row of the user's history in the database; returns how many. */
export async function clearEntries(userId: string): Promise<number> {
  const prisma = await getPrisma();
  const { count } = await prisma.calculationHistory.deleteMany({ where: { userId } });
  return count;
}

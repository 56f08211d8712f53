// Shapes shared by the history modules.
import type { InputMode } from "../calculator/input-mode";

/**
 * What the app writes to calculation_history.metadata. Open-ended JSON in the database; these
 * are the keys the app writes today. Rows saved before the column existed hold {}.
 */
export type HistoryMetadata = {
  input?: InputMode;
  /** "guest": computed before signing up and kept afterwards. */
  source?: "guest";
};

/** One saved result as the app reads it. */
export type HistoryEntry = {
  id: string;
  expression: string;
  result: string;
  createdAt: Date;
  metadata: HistoryMetadata;
};

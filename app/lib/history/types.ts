// Shapes shared by the history modules.

/** How a result was entered: keys (or the keyboard) on the keypad, or a typed expression. */
export type InputMode = "keypad" | "typed";
export const INPUT_MODES: readonly InputMode[] = ["keypad", "typed"];

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

/** A result a guest computed, kept in the session until they sign up (or it falls off). */
export type GuestResult = {
  expression: string;
  result: string;
  input: InputMode;
  /** Epoch ms when it was computed. */
  at: number;
};

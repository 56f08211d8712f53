// calculation_history.metadata is free-form JSON in the database (old rows hold {}): read back
// only the keys the app knows, with the values it knows.
import { INPUT_MODES, type InputMode } from "../calculator/input-mode";
import type { HistoryMetadata } from "./types";

export function readMetadata(value: unknown): HistoryMetadata {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const record = value as Record<string, unknown>;
  const metadata: HistoryMetadata = {};
  if (INPUT_MODES.includes(record.input as InputMode)) metadata.input = record.input as InputMode;
  if (record.source === "guest") metadata.source = "guest";
  return metadata;
}

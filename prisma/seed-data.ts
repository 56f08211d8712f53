// Demo data for `npm run db:seed` (scripts/db/seed.ts), kept beside the schema it fills.

export const DEMO_EMAIL = "demo@calcapp.dev";
export const DISABLED_PASSWORD_HASH = "!disabled";

/** Expressions with their exact decimal results. */
export const DEMO_CALCULATIONS: ReadonlyArray<readonly [expression: string, result: string]> = [
  ["2 + 2", "4"],
  ["7 * 6", "42"],
  ["10 / 4", "2.5"],
  ["0.1 + 0.2", "0.3"],
  ["100 - 58.75", "41.25"],
  ["(3 + 5) * 12", "96"],
  ["1 / 8", "0.125"],
  ["19.99 * 3", "59.97"],
  ["2500 * 0.07", "175"],
  ["1000 / 8", "125"],
  ["(120 - 15) / 7", "15"],
  ["-4 * -2.5", "10"],
  ["3.14159 * 2", "6.28318"],
  ["99 + 1 - 50", "50"],
  ["0.5 * 0.5", "0.25"],
  ["12 * 12 * 12", "1728"],
  ["45.6 / 0.2", "228"],
  ["1 - 0.9", "0.1"],
  ["86400 * 7", "604800"],
  ["(1 + 2) * (3 + 4)", "21"],
];

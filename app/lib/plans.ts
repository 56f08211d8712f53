// What each plan includes; shown on /billing and enforced by the history and billing Lambdas.
export const FREE_HISTORY_LIMIT = 100;

export const plans = {
  free: {
    name: "Free",
    features: ["The full calculator, on the web and the JSON API", `Your latest ${FREE_HISTORY_LIMIT} results kept`],
  },
  premium: {
    name: "Premium",
    features: ["Your whole history, kept", "Search by expression or result, filter by date", "CSV export"],
  },
} as const;

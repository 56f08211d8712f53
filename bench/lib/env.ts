// What the packaged Lambdas need to start (NODE_ENV=production): a SESSION_SECRET. Nothing else: a
// guest's page must not need the database or Redis, so the benchmarks give them neither.
export const benchEnv = { SESSION_SECRET: "bench-only-session-secret-0123456789abcdefghijklmnop" } as const;

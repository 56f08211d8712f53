// What the packaged Lambdas need to start (NODE_ENV=production): a JWT_SECRET. Nothing else: a
// guest's page must not need the database or Redis, so the benchmarks give them neither.
export const benchEnv = { JWT_SECRET: "bench-only-session-secret-0123456789abcdefghijklmnop" } as const;

import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunch } from "./tests/support/chromium";

// The production-like server (`npm start`: the packaged Lambdas, warm) on a port of its own, and
// a second one behind the CloudFront stand-in (the production request shape: API Gateway's Host,
// the viewer in CloudFront's headers, X-Origin-Verify), where the whole suite runs again.
const port = Number(process.env.E2E_PORT ?? 3210);
const cloudFrontPort = port + 10;
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;
const cloudFrontURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${cloudFrontPort}`;

const e2eServer = {
  command: "npx tsx tests/support/e2e-server.ts",
  reuseExistingServer: false,
  timeout: 60_000,
  // SIGTERM lets it drop its database and keys.
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: chromiumLaunch,
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunch }, testIgnore: /sandbox\.spec/ },
    {
      name: "cloudfront",
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunch, baseURL: cloudFrontURL },
      testIgnore: /sandbox\.spec/,
    },
    // The dev path: arc sandbox, started by the spec itself.
    { name: "sandbox", use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunch }, testMatch: /sandbox\.spec/ },
  ],
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : [
        // `npm start` against a fresh database and its own Redis key prefix (tests/support/e2e-server.ts).
        { ...e2eServer, env: { PORT: String(port) }, url: `${baseURL}/health` },
        { ...e2eServer, env: { PORT: String(cloudFrontPort), E2E_CLOUDFRONT: "1" }, url: `${cloudFrontURL}/health` },
      ],
});

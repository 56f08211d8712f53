import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunch } from "./tests/support/chromium";

// `npm run screenshots`: every page and state at phone and desktop size in both themes, written to
// screenshots/ (git-ignored) for review by eye before a release. Not a test: nothing is compared.
const port = Number(process.env.SCREENSHOTS_PORT ?? 3290);
const baseURL = process.env.SCREENSHOTS_BASE_URL ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/screenshots",
  outputDir: "test-results/screenshots",
  workers: 1,
  retries: 0,
  timeout: 900_000,
  reporter: [["list"]],
  use: { ...devices["Desktop Chrome"], baseURL, launchOptions: chromiumLaunch },
  webServer: process.env.SCREENSHOTS_BASE_URL
    ? undefined
    : {
        command: "npx tsx tests/support/e2e-server.ts",
        env: { PORT: String(port) },
        url: `${baseURL}/health`,
        reuseExistingServer: false,
        timeout: 60_000,
        gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      },
});

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { migrationNames } from "./scripts/migration-names";

// Kept apart from vite.config.ts so tests never load the Remix plugin.
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify("0.0.0-test"), __MIGRATIONS__: JSON.stringify(migrationNames()) },
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "app/**/*.test.{ts,tsx}",
            "arc/**/*.test.ts",
            "scripts/**/*.test.ts",
            "tests/support/**/*.test.ts",
            "tests/infra/**/*.test.ts",
            "tests/dr/**/*.test.ts",
            "bench/**/*.test.ts",
          ],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // The auth tests run the packaged Lambdas: package them first if the sources changed.
          globalSetup: ["tests/support/ensure-packages.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

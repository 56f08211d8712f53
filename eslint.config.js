import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Classic zod costs ~450 KB and ~20 ms of every cold start; zod/mini validates the same way.
const zodPath = { name: "zod", message: "Import from \"zod/mini\" (see docs/decisions/005-validation-with-zod-mini.md)." };
const envMessage = "Read settings through app/lib/env.server.ts (getEnv, runtimeEnv, billingEnv, historyConfig), not process.env.";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "lambda-packages/**",
      "node_modules/**",
      "arc/**/index.mjs",
      "app/generated/**",
      "bench/results/**",
      "bench/fixtures/*/build/**",
      "test-results/**",
      "playwright-report/**",
      ".data/**",
      "terraform/**/.terraform/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
      "no-restricted-imports": ["error", { paths: [zodPath] }],
    },
  },
  {
    // The app and the Lambda handlers read their settings through app/lib/env.server.ts, where
    // each variable is named, validated and documented. Tooling (scripts/, arc/tooling/,
    // arc/local/, bench/, dr/, configs) and tests may read the environment directly.
    files: ["app/**/*.{ts,tsx}", "arc/http/**/*.ts", "arc/scheduled/**/*.ts", "arc/events/**/*.ts", "arc/shared/**/*.ts"],
    ignores: ["app/lib/env.server.ts", "**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: envMessage }],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            zodPath,
            { name: "node:process", importNames: ["env"], message: envMessage },
            { name: "process", importNames: ["env"], message: envMessage },
          ],
        },
      ],
    },
  },
);

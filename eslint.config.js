import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

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
      // Classic zod costs ~450 KB and ~20 ms of every cold start; zod/mini validates the same way.
      "no-restricted-imports": ["error", { paths: [{ name: "zod", message: "Import from \"zod/mini\" (see docs/decisions/005-validation-with-zod-mini.md)." }] }],
    },
  },
);

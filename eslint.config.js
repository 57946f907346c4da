// Lint: TypeScript rules, React hooks, Next.js, and the import directions of CONVENTIONS.md §9.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "lib/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "data/**",
      ".tmp/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        Buffer: "readonly",
      },
    },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^\\$(queryRawUnsafe|executeRawUnsafe)$/] > TemplateLiteral",
          message: "Build SQL with parameters, not template literals (ASVS 1.2.4).",
        },
      ],
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./components",
              from: ["./lib/db.ts", "./lib/db", "./lib/data", "./lib/sync", "./lib/remediation", "./lib/generated"],
              message: "Components reach data through the JSON API and TanStack Query (CONVENTIONS §1, §9).",
            },
            {
              target: "./lib/rules",
              from: ["./lib/db.ts", "./lib/db", "./lib/data", "./lib/sync", "./lib/generated"],
              message: "Rules are pure functions over a snapshot; they never touch the database.",
            },
            {
              target: "./emulator",
              from: ["./lib", "./app", "./components", "./cli"],
              message: "The emulator is written from Microsoft's documentation, not from the product's code.",
            },
            {
              target: ["./lib", "./app", "./components"],
              from: "./emulator",
              message: "Only tests, the CLI and demo mode may use the emulator.",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may drive the emulator.
    files: ["**/*.test.ts", "**/*.integration.test.ts", "lib/testing/**"],
    rules: { "import-x/no-restricted-paths": "off" },
  },
  {
    files: ["**/*.tsx", "app/**/*.ts", "components/**/*.ts"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
    },
  },
);

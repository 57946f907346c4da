import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}` },
      // Tests run server modules directly; the marker only matters to Next.js bundles.
      { find: /^server-only$/, replacement: `${root}lib/testing/server-only-stub.ts` },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.test.ts", "**/*.test.tsx"],
          exclude: ["**/*.integration.test.ts", "node_modules/**", "e2e/**", ".next/**", "lib/generated/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.integration.test.ts"],
          exclude: ["node_modules/**", "e2e/**", ".next/**"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ["./lib/testing/integration-global-setup.ts"],
          // Integration files share one PostgreSQL server and a 2-core machine; run them one by one.
          fileParallelism: false,
        },
      },
    ],
  },
});

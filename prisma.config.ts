// Prisma CLI configuration for SQLite (the embedded default). PostgreSQL: prisma.pg.config.ts.
import { defineConfig } from "prisma/config";
import { DEFAULT_DATABASE_URL, SqliteMigrateAdapter } from "./prisma/migrate-adapters";

process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations/sqlite" },
  adapter: async () => new SqliteMigrateAdapter({ url: process.env.DATABASE_URL! }),
});

// Prisma CLI configuration for PostgreSQL; the schema is generated from prisma/schema.prisma.
import { defineConfig } from "prisma/config";
import { PgMigrateAdapter, pgConfigFromUrl } from "./prisma/migrate-adapters";

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/steward";
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/postgres/schema.prisma",
  migrations: { path: "prisma/migrations/postgresql" },
  adapter: async () => new PgMigrateAdapter(pgConfigFromUrl(process.env.DATABASE_URL!)),
});

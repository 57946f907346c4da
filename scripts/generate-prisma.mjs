// Derives the PostgreSQL schema from prisma/schema.prisma and generates both Prisma clients.
// Runs on `npm install` (postinstall) so a clean clone builds and type-checks.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = readFileSync(join(root, "prisma/schema.prisma"), "utf8");

const pgSchema = source
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace('output       = "../lib/generated/sqlite"', 'output       = "../../lib/generated/pg"');
if (pgSchema === source || !pgSchema.includes('"postgresql"') || !pgSchema.includes("generated/pg")) {
  console.error(
    "generate-prisma: could not derive the PostgreSQL schema; did the generator or datasource block change?",
  );
  process.exit(1);
}
mkdirSync(join(root, "prisma/postgres"), { recursive: true });
writeFileSync(
  join(root, "prisma/postgres/schema.prisma"),
  "// GENERATED from prisma/schema.prisma by scripts/generate-prisma.mjs. Do not edit.\n" + pgSchema,
);

if (process.argv.includes("--schema-only")) process.exit(0);

const prisma = join(root, "node_modules/.bin/prisma");
const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
for (const config of ["prisma.config.ts", "prisma.pg.config.ts"]) {
  execFileSync(prisma, ["generate", "--config", config], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
}
console.log("generate-prisma: SQLite and PostgreSQL clients generated in lib/generated/");

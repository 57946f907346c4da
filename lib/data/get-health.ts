// Health: is the database reachable, and is its schema at the level this build expects?
import "server-only";
import { databaseKind } from "../database-url";
import { getDb } from "../db";
import { migrationStatus, type MigrationStatus } from "../db/migrations";
import { env } from "../env";
import { describeError } from "../errors";

export interface Health {
  status: "ok" | "degraded" | "down";
  database: {
    kind: "sqlite" | "postgresql";
    reachable: boolean;
    error?: string;
    migration?: Pick<MigrationStatus, "current" | "pending" | "unknown" | "failed"> & { upToDate: boolean };
  };
  checkedAt: string;
}

export async function getHealth(root = process.cwd()): Promise<Health> {
  const url = env().DATABASE_URL;
  const kind = databaseKind(url);
  const checkedAt = new Date().toISOString();
  try {
    const db = getDb();
    await db.$queryRawUnsafe("SELECT 1");
    const status = await migrationStatus(db, kind, root);
    const upToDate = status.pending.length === 0 && status.failed.length === 0;
    return {
      status: upToDate ? "ok" : "degraded",
      database: {
        kind,
        reachable: true,
        migration: { current: status.current, pending: status.pending, unknown: status.unknown, failed: status.failed, upToDate },
      },
      checkedAt,
    };
  } catch (error) {
    return {
      status: "down",
      database: { kind, reachable: false, error: describeError(error) },
      checkedAt,
    };
  }
}

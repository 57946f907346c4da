// Which database a DATABASE_URL names. Pure, so the CLI, Prisma configs and tests share it.
import { isAbsolute, resolve } from "node:path";
import { AppError } from "./errors";

export const DEFAULT_DATABASE_URL = "file:./data/steward.db";

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgresql://") || url.startsWith("postgres://")) return "postgresql";
  throw new AppError(
    "config",
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got '${redactUrl(url)}'`,
  );
}

/** Absolute path of a `file:` URL; relative paths are relative to the working directory, as in Prisma. */
export function sqlitePath(url: string, cwd = process.cwd()): string {
  const path = url.slice("file:".length).replace(/\?.*$/, "");
  if (!path) throw new AppError("config", "DATABASE_URL file: path is empty");
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  if (url.startsWith("file:")) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  }
}

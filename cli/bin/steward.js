#!/usr/bin/env node
// Entry point of `npx steward`: runs the TypeScript CLI through tsx. The `react-server` condition
// lets it load the same server-only modules (lib/db, lib/sync) that Next.js route handlers use.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsx = require.resolve("tsx");
const main = join(here, "..", "main.ts");

const child = spawn(
  process.execPath,
  ["--conditions=react-server", "--import", pathToFileUrl(tsx), main, ...process.argv.slice(2)],
  { stdio: "inherit", env: process.env },
);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});

function pathToFileUrl(p) {
  return new URL(`file://${p}`).href;
}

// Runs the `steward` command as a user would: its own process, the given environment.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);
export const stewardBin = join(process.cwd(), "cli/bin/steward.js");

export interface StewardRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runSteward(args: string[], env: Record<string, string | undefined> = {}): Promise<StewardRun> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [stewardBin, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

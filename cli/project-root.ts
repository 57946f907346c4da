// The installed project's root (where prisma/ and node_modules/ live), wherever steward runs from.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Where this package's own code runs from: `src/` when run as TypeScript, `dist/` when run as
 * the bundle (every bundled module shares the bundle's URL, and the bundle sits directly in dist/).
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const CODE_DIR = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_DIR = dirname(CODE_DIR);

#!/usr/bin/env node
// Runs the bundle in dist/ (`npm run build`; `npm ci` builds it) while it is at least as new
// as every file in src/; otherwise runs the TypeScript sources through jiti, so an edit to src/
// takes effect without a build and a stale bundle is never run.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "llmops.mjs");

function newestIn(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestIn(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let main;
if (process.env.LLMOPS_FROM_SOURCE !== "1" && existsSync(bundle) && statSync(bundle).mtimeMs >= newestIn(join(root, "src"))) {
  ({ main } = await import(bundle));
} else {
  const { createJiti } = await import("jiti");
  ({ main } = await createJiti(import.meta.url).import("../src/cli.ts"));
}
process.exitCode = await main(process.argv);

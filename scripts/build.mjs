#!/usr/bin/env node
/**
 * Bundles the CLI into dist/ with esbuild: one ES module graph node loads in a fraction of
 * the time it takes to resolve and transpile src/ file by file. Commands stay separate chunks,
 * so `generate` never loads validate's code. Runs on `npm ci` (prepare) and in `npm run build`.
 * bin/llmops.js uses dist/ only while it is newer than every file in src/.
 */
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist");
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { llmops: join(root, "src/cli.ts") },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outExtension: { ".js": ".mjs" },
  // jiti loads its transpiler lazily from its own files; it stays a dependency.
  external: ["jiti"],
  // Bundled CommonJS dependencies call require() for node built-ins.
  banner: { js: 'import { createRequire as __llmopsRequire } from "node:module"; const require = __llmopsRequire(import.meta.url);' },
  legalComments: "none",
  logLevel: "warning",
});

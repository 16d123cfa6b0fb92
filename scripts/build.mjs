#!/usr/bin/env node
/**
 * Bundles the CLI into dist/ with esbuild: one ES module graph node loads in a fraction of
 * the time it takes to resolve and transpile src/ file by file. Commands stay separate chunks,
 * so `generate` never loads validate's code. Runs on `npm ci` (prepare) and in `npm run build`.
 * bin/llmops.js uses dist/ only while it is newer than every file in src/.
 */
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { build } from "esbuild";
import { createJiti } from "jiti";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist");

/**
 * src/model/projectValidator.ts compiles the project schema when it loads. In the bundle it is
 * ajv's standalone code for the same schema and options instead: compiling the schema is most
 * of the CLI's start-up otherwise.
 */
async function precompiledProjectValidator() {
  const { AJV_OPTIONS, projectSchema } = await createJiti(import.meta.url).import(join(root, "src/model/projectSchema.ts"));
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  ajv.addSchema(projectSchema, "project");
  return standaloneCode.default(ajv, { validateProject: "project" });
}
const validatorSource = await precompiledProjectValidator();
const precompiled = {
  name: "precompiled-project-validator",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]model[\\/]projectValidator\.ts$/ }, () => ({ contents: validatorSource, loader: "js", resolveDir: root }));
  },
};
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
  plugins: [precompiled],
  legalComments: "none",
  logLevel: "warning",
});

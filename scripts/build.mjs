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
import Handlebars from "handlebars";
import { createJiti } from "jiti";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist");

const jiti = createJiti(import.meta.url);

/**
 * Modules that compile something when they load, replaced in the bundle by what they compile,
 * compiled here: ajv's standalone code for the project schema, and the README template
 * precompiled for Handlebars' runtime. Compiling them was most of the CLI's start-up.
 */
async function precompiledProjectValidator() {
  const { AJV_OPTIONS, projectSchema } = await jiti.import(join(root, "src/model/projectSchema.ts"));
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  ajv.addSchema(projectSchema, "project");
  return standaloneCode.default(ajv, { validateProject: "project" });
}

async function precompiledReadme() {
  const { README_COMPILE_OPTIONS, README_TEMPLATE } = await jiti.import(join(root, "src/compile/docs/readmeTemplate.ts"));
  const spec = Handlebars.precompile(README_TEMPLATE, README_COMPILE_OPTIONS);
  return `import Handlebars from "handlebars/runtime.js";\nexport const renderReadme = Handlebars.create().template(${spec});\n`;
}

const replaced = new Map([
  [join(root, "src/model/projectValidator.ts"), await precompiledProjectValidator()],
  [join(root, "src/compile/docs/readmeRender.ts"), await precompiledReadme()],
]);
const precompiled = {
  name: "precompiled",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const contents = replaced.get(args.path);
      return contents === undefined ? undefined : { contents, loader: "js", resolveDir: root };
    });
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

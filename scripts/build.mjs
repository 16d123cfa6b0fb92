#!/usr/bin/env node
/**
 * Bundles the CLI into dist/llmops.cjs with esbuild: one script node loads in a fraction of
 * the time it takes to resolve and transpile src/ file by file. Commands stay lazy: a command's
 * modules initialise only when it runs. Then a warm-up generate of the bundled definitions
 * writes V8's code cache for the bundle (dist/llmops.cjs.cache), which bin/llmops.js hands to
 * V8 so later runs skip parsing and compiling what that run compiled. Runs on `npm ci`
 * (prepare), in `npm run build` and before `npm test`. bin/llmops.js uses dist/ only while it
 * is newer than every file in src/.
 */
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { build } from "esbuild";
import Handlebars from "handlebars";
import { createJiti } from "jiti";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
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

/**
 * The Foundation SDK's package indexes re-export their modules through tslib's `__exportStar`,
 * which defines a getter per export; the SDK's builders reach each other through those indexes
 * (`dashboard.defaultPanel()`), so every such call ran a getter. In the bundle the indexes copy
 * each export as a plain property, first one wins as with `__exportStar`. The SDK's modules
 * assign their exports once, when they load, so the copy reads the same values.
 */
const EXPORT_STAR = /tslib_1\.__exportStar\((require\("[^"]+"\)), exports\);/g;
const sdkIndexes = {
  name: "sdk-indexes",
  setup(b) {
    b.onLoad({ filter: /grafana-foundation-sdk[\\/]dist[\\/][^\\/]+[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const contents = source.replace(EXPORT_STAR, (_all, req) => `__llmopsCopyExports(${req}, exports);`);
      return {
        contents: `function __llmopsCopyExports(m, o) { for (const p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(o, p)) o[p] = m[p]; }\n${contents}`,
        loader: "js",
      };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { llmops: join(root, "src/cli.ts") },
  outdir,
  bundle: true,
  // CommonJS, so bin/llmops.js can compile it as a vm.Script with a code cache; node 20 has
  // no code cache for ES modules.
  format: "cjs",
  platform: "node",
  target: "node20",
  outExtension: { ".js": ".cjs" },
  // jiti loads its transpiler lazily from its own files; it stays a dependency.
  external: ["jiti", "koffi"],
  // The sources are ES modules: their module URL is the bundle's.
  define: { "import.meta.url": "__llmopsModuleUrl" },
  banner: { js: '"use strict";\nvar __llmopsModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [precompiled, sdkIndexes],
  legalComments: "none",
  // No comments or layout: a third smaller to read and parse. Names stay, for stack traces.
  minifyWhitespace: true,
  // Non-ASCII characters escaped: bin/llmops.js reads the bundle as latin1, with no UTF-8 decoding.
  charset: "ascii",
  logLevel: "warning",
});

if (/[^\x00-\x7f]/.test(readFileSync(join(outdir, "llmops.cjs"), "latin1"))) throw new Error("dist/llmops.cjs is not ASCII; bin/llmops.js reads it as latin1");

/**
 * The warm-up: generate the bundled definitions into a scratch folder through bin/llmops.js,
 * which writes the code cache when the run ends. It transpiles the definitions without jiti's
 * cache, as every CI run does, so the code cache holds the transpiler too. Without a code
 * cache the CLI still runs, only slower, so a failure here warns and does not fail the build.
 */
const scratch = mkdtempSync(join(tmpdir(), "llmops-warm-up-"));
const warm = spawnSync(process.execPath, [join(root, "bin/llmops.js"), "generate", "--definitions", join(root, "definitions"), "--out", join(scratch, "generated")], {
  cwd: root,
  env: { ...process.env, LLMOPS_CODE_CACHE: "write", LLMOPS_FROM_SOURCE: "" },
  encoding: "utf8",
});
rmSync(scratch, { recursive: true, force: true });
if (warm.status !== 0) {
  rmSync(join(outdir, "llmops.cjs.cache"), { force: true });
  process.stderr.write(`warning: no code cache for dist/llmops.cjs (the warm-up generate failed, exit ${warm.status}); the CLI runs without it\n${warm.stderr}`);
}

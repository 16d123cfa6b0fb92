#!/usr/bin/env node
// Runs the bundle in dist/ (`npm run build`; `npm ci` builds it) while it is at least as new
// as every file in src/; otherwise runs the TypeScript sources through jiti, so an edit to src/
// takes effect without a build and a stale bundle is never run.
//
// The bundle is one CommonJS script, compiled with the V8 code cache the build wrote beside it
// (dist/llmops.cjs.cache, from a generate of the bundled definitions): V8 then skips parsing
// the 2 MB bundle and compiling every function that run needed, a third of a small generate's
// time. A cache V8 rejects (another node version, other flags) is ignored: the script compiles
// as it would without one.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Script } from "node:vm";

// One CLI run is a single pass through thousands of small functions, and ends before most of
// TurboFan's inlining pays back: without it each optimizing compile is several times cheaper
// and optimized code arrives sooner (1,000 SLOs: a quarter less CPU, a tenth less wall time).
setFlagsFromString("--no-turbo-inlining");

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "llmops.cjs");
const cache = `${bundle}.cache`;
// Only a checkout (with .git) is edited in place: an installed package's files all come from
// one pack, where unpacking order, not build order, sets their mtimes.
const installed = !existsSync(join(root, ".git"));

function newestIn(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestIn(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `LLMOPS_CODE_CACHE=write`: the build's warm-up run, which writes the cache when it ends. */
function loadBundle() {
  const writing = process.env.LLMOPS_CODE_CACHE === "write";
  const cachedData = !writing && existsSync(cache) && (installed || statSync(cache).mtimeMs >= statSync(bundle).mtimeMs) ? readFileSync(cache) : undefined;
  // The wrapper opens on the bundle's first line, so its line numbers stay the file's.
  // The bundle is ASCII (scripts/build.mjs checks it), so latin1 reads it without UTF-8 decoding.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, "latin1")}\n})`, { filename: bundle, cachedData });
  if (process.env.LLMOPS_CODE_CACHE === "report") process.stderr.write(`code cache: ${cachedData === undefined ? "none" : script.cachedDataRejected ? "rejected" : "accepted"}\n`);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const writeCache = () => writeFileSync(cache, script.createCachedData());
  return { main: module.exports.main, writeCache: writing ? writeCache : () => {} };
}

let main;
let done = () => {};
if (process.env.LLMOPS_FROM_SOURCE !== "1" && existsSync(bundle) && (installed || statSync(bundle).mtimeMs >= newestIn(join(root, "src")))) {
  ({ main, writeCache: done } = loadBundle());
} else {
  const { createJiti } = await import("jiti");
  ({ main } = await createJiti(import.meta.url).import("../src/cli.ts"));
}
process.exitCode = await main(process.argv);
done();
// The run is over: a timer or socket the definitions left open must not keep the process alive.
await Promise.all([process.stdout, process.stderr].map((s) => new Promise((flushed) => s.write("", flushed))));
process.exit();

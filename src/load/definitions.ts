/** Finds the definitions and loads them into a project spec (TypeScript through jiti). */
import { statSync, type Stats } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import type { Jiti } from "jiti";
import { transform as sucrase } from "sucrase";
import { UserError } from "../errors.ts";
import type { ProjectSpec } from "../dsl/spec.ts";
import { loadYamlProject, resetYamlReads, withFolderYaml } from "./yaml.ts";
import { runDefinitions } from "./boundary.ts";
import { guardExports } from "./cycles.ts";
import { checkDefinitionsFile, readError, shownPath } from "./files.ts";

function statOrUndefined(abs: string): Stats | undefined {
  try {
    return statSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw readError(abs, e, "cannot examine the definitions path");
  }
}

/** `definitions/` → `definitions/index.ts`; a file is taken as it is. Either must be a regular file within the size limit. */
export function resolveEntry(path: string): string {
  const abs = resolve(path);
  const st = statOrUndefined(abs);
  if (!st) {
    throw new UserError({ file: path }, "definitions path does not exist", "pass --definitions with a folder holding index.ts, or a .ts file; `npx llmops init` scaffolds one");
  }
  const entry = st.isDirectory() ? join(abs, "index.ts") : abs;
  if (st.isDirectory() && !statOrUndefined(entry)) {
    throw new UserError({ file: path }, "the folder has no index.ts", "default-export defineProject({ … }) from index.ts in that folder");
  }
  checkDefinitionsFile(entry);
  return entry;
}

interface SyntaxProblem {
  /** The file the error is in, when the error says (an imported file's, not always the entry's). */
  file?: string;
  message: string;
  line?: number;
  column?: number;
}

function syntaxError(e: unknown): SyntaxProblem | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as Error & { loc?: { line: number; column: number }; code?: string };
  if (e.name === "SyntaxError" || err.code === "BABEL_PARSE_ERROR" || /ParseError|Unexpected token/.test(e.message)) {
    // jiti reports `ParseError: <what>\n <file>:<line>:<column>`; V8's own SyntaxError starts its stack with `<file>:<line>`.
    const jiti = /^\s*(\/.*?):(\d+):(\d+)\s*$/m.exec(e.message.split("\n").slice(1).join("\n"));
    const v8 = e.name === "SyntaxError" ? /^(\/.*?):(\d+)$/m.exec(String(e.stack).split("\n")[0] ?? "") : null;
    const loc = err.loc ?? (jiti ? { line: Number(jiti[2]), column: Number(jiti[3]) } : undefined);
    const file = jiti?.[1] ?? v8?.[1];
    const line = loc?.line ?? (v8 ? Number(v8[2]) : undefined);
    return { message: e.message.split("\n")[0]!.trim(), ...(file ? { file } : {}), ...(line !== undefined ? { line } : {}), ...(loc ? { column: loc.column } : {}) };
  }
  return undefined;
}

/** A hint naming a type-check the user can run: tsc only when their project has TypeScript. */
function syntaxHint(entryAbs: string): string {
  try {
    createRequire(entryAbs).resolve("typescript");
    return "fix the syntax there; `npx tsc --noEmit` type-checks the definitions";
  } catch {
    return "fix the syntax there, then run `npx llmops generate` again";
  }
}

// jiti's CommonJS entry: importing its ES entry makes node scan all of jiti for export names.
const { createJiti } = createRequire(import.meta.url)("jiti") as typeof import("jiti");

type TransformOptions = Parameters<Jiti["transform"]>[0];

/**
 * jiti keys its transpile cache on the source alone, not on the transform: the folder is named
 * after what `transform` below emits, and changes whenever that does (1: exports guarded
 * against circular imports).
 */
const TRANSFORM_CACHE = join(tmpdir(), "jiti", "llmops-1");

let babel: Jiti | undefined;

/**
 * Definitions (TypeScript or JavaScript modules) → CommonJS for jiti, by sucrase: many times
 * faster than jiti's own Babel, which also takes a third of a second to load on every run
 * without a warm cache (every CI run). Sucrase keeps each line where it was, so `file:line` in
 * errors still points at the definition. What it does not handle (dynamic `import()`,
 * `import.meta`) or rejects (a syntax error) goes to jiti's Babel, which reports syntax errors
 * with their line and column.
 */
function transform(opts: TransformOptions): { code: string } {
  if (!/\bimport\s*\(|\bimport\.meta\b/.test(opts.source)) {
    try {
      const transforms: ("typescript" | "imports")[] = opts.ts ? ["typescript", "imports"] : ["imports"];
      return { code: guardExports(sucrase(opts.source, { transforms, ...(opts.filename ? { filePath: opts.filename } : {}) }).code) };
    } catch {
      // Babel below reports it, with its line and column.
    }
  }
  babel ??= createJiti(import.meta.url);
  return { code: babel.transform(opts) };
}

/** Load the default export of the definitions; errors name the file and line. */
export async function loadDefinitions(path: string, opts: { out?: string } = {}): Promise<{ spec: ProjectSpec; entry: string }> {
  // The output directory may sit inside the definitions folder; its YAML is never a definition.
  const skip = opts.out ? [resolve(opts.out)] : [];
  // A YAML file, or a folder of YAML without index.ts, is a project by itself.
  const yaml = loadYamlProject(path, skip);
  if (yaml) return yaml;
  resetYamlReads();
  const entryAbs = resolveEntry(path);
  const entry = shownPath(entryAbs);
  // Definitions get this very instance of the public API (no second copy to transpile, and
  // errors it throws stay our classes); their own files are transpiled once and cached by content.
  const api: unknown = await import("../index.ts");
  const jiti = createJiti(import.meta.url, {
    virtualModules: { llmops: api },
    moduleCache: false,
    // The build's warm-up run (bin/llmops.js, LLMOPS_CODE_CACHE=write) transpiles as a CI run
    // does, without jiti's cache, so the code cache it writes holds the transpiler too.
    fsCache: process.env.LLMOPS_CODE_CACHE !== "write" && TRANSFORM_CACHE,
    interopDefault: true,
    transform,
  });
  const spec = await runDefinitions(entry, "load", async () => {
    let mod: unknown;
    try {
      mod = await jiti.import(entryAbs);
    } catch (e) {
      const syn = syntaxError(e);
      if (!syn) throw e;
      const where = `${syn.file ? shownPath(syn.file) : entry}${syn.line !== undefined ? `:${syn.line}${syn.column !== undefined ? `:${syn.column}` : ""}` : ""}`;
      throw new UserError({ file: where }, `TypeScript syntax error: ${syn.message.replace(/^.*?: /, "")}`, syntaxHint(entryAbs));
    }
    // A default export may be a promise of the project (an async function's result).
    const spec: unknown = await ((mod as { default?: unknown } | undefined)?.default ?? mod);
    if (!spec || typeof spec !== "object" || !("services" in spec)) {
      throw new UserError({ file: entry }, "no project is default-exported", "end the file with `export default defineProject({ name, conventions, services })`");
    }
    // Still inside the boundary: the spec may be a Proxy or carry getters of the user's.
    return withFolderYaml(spec as ProjectSpec, entryAbs, skip);
  });
  return { spec, entry };
}

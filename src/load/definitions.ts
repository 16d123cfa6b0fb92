/** Finds the definitions and loads them into a project spec (TypeScript through jiti). */
import { existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { createRequire } from "node:module";
import type { Jiti } from "jiti";
import { transform as sucrase } from "sucrase";
import { UserError, UserErrors } from "../errors.ts";
import type { ProjectSpec } from "../dsl/spec.ts";
import { loadYamlProject, resetYamlReads, withFolderYaml } from "./yaml.ts";

/** `definitions/` → `definitions/index.ts`; a file is taken as it is. */
export function resolveEntry(path: string): string {
  const abs = resolve(path);
  if (!existsSync(abs)) {
    throw new UserError({ file: path }, "definitions path does not exist", "pass --definitions with a folder holding index.ts, or a .ts file; `llmops init` scaffolds one");
  }
  if (statSync(abs).isDirectory()) {
    const index = join(abs, "index.ts");
    if (!existsSync(index)) {
      throw new UserError({ file: path }, "the folder has no index.ts", "default-export defineProject({ … }) from index.ts in that folder");
    }
    return index;
  }
  return abs;
}

function syntaxError(e: unknown): { message: string; line?: number; column?: number } | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as Error & { loc?: { line: number; column: number }; code?: string };
  if (e.name === "SyntaxError" || err.code === "BABEL_PARSE_ERROR" || /ParseError|Unexpected token/.test(e.message)) {
    // jiti reports `ParseError: <what>\n <file>:<line>:<column>`.
    const at = /:(\d+):(\d+)\s*$/m.exec(e.message.split("\n").slice(1).join("\n"));
    const loc = err.loc ?? (at ? { line: Number(at[1]), column: Number(at[2]) } : undefined);
    return { message: e.message.split("\n")[0]!.trim(), ...(loc ? { line: loc.line, column: loc.column } : {}) };
  }
  return undefined;
}

// jiti's CommonJS entry: importing its ES entry makes node scan all of jiti for export names.
const { createJiti } = createRequire(import.meta.url)("jiti") as typeof import("jiti");

type TransformOptions = Parameters<Jiti["transform"]>[0];

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
      return { code: sucrase(opts.source, { transforms, ...(opts.filename ? { filePath: opts.filename } : {}) }).code };
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
  const entry = relative(process.cwd(), entryAbs) || entryAbs;
  // Definitions get this very instance of the public API (no second copy to transpile, and
  // errors it throws stay our classes); their own files are transpiled once and cached by content.
  const api: unknown = await import("../index.ts");
  const jiti = createJiti(import.meta.url, {
    virtualModules: { llmops: api },
    moduleCache: false,
    // The build's warm-up run (bin/llmops.js, LLMOPS_CODE_CACHE=write) transpiles as a CI run
    // does, without jiti's cache, so the code cache it writes holds the transpiler too.
    fsCache: process.env.LLMOPS_CODE_CACHE !== "write",
    interopDefault: true,
    transform,
  });
  let mod: unknown;
  try {
    mod = await jiti.import(entryAbs);
  } catch (e) {
    if (e instanceof UserError || e instanceof UserErrors) throw e;
    const syn = syntaxError(e);
    if (syn) {
      const at = syn.line !== undefined ? `:${syn.line}:${syn.column}` : "";
      throw new UserError({ file: `${entry}${at}` }, `TypeScript syntax error: ${syn.message.replace(/^.*?: /, "")}`, "fix the syntax; `npm run build` type-checks definitions too");
    }
    const msg = e instanceof Error ? e.message : String(e);
    throw new UserError({ file: entry }, `loading the definitions failed: ${msg.split("\n")[0]}`, "run the file with `npx tsx` to see where it throws");
  }
  const spec = (mod as { default?: unknown } | undefined)?.default ?? mod;
  if (!spec || typeof spec !== "object" || !("services" in spec)) {
    throw new UserError({ file: entry }, "no project is default-exported", "end the file with `export default defineProject({ name, conventions, services })`");
  }
  return { spec: withFolderYaml(spec as ProjectSpec, entryAbs, skip), entry };
}

/**
 * YAML definitions: Sloth and OpenSLO specs read as service specs, from `definitions/index.ts`
 * (`fromYaml("./slos/checkout.yaml")`) or as the definitions themselves (`--definitions
 * slos/`). A folder of YAML only needs a project around it: `llmops.yaml` names it and picks
 * the conventions (default: the lab preset).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { OutputsSpec, ProjectSpec, ServiceSpec } from "../dsl/spec.ts";
import { PRESETS } from "../vocabulary/presets.ts";
import { callerFrame, rememberAt } from "../dsl/source.ts";
import { UserError } from "../errors.ts";
import { readError, shownPath } from "./files.ts";
import { opensloServices } from "./openslo.ts";
import { pyrraServices } from "./pyrra.ts";
import { checkProjectDoc } from "./projectDoc.ts";
import type { YamlProject } from "./schemas/project.ts";
import { SLOTH_DIALECTS, slothServices } from "./sloth.ts";
import { docError, readYamlFile, type YamlDoc } from "./yamlDocs.ts";

export const PROJECT_FILE = "llmops.yaml";
const YAML_EXT = new Set([".yaml", ".yml"]);

/** Files read through fromYaml during one load (shared by every copy of this module), so a folder load skips them. */
const KEY = Symbol.for("llmops.yamlReads");
const reads = (): Set<string> => {
  const g = globalThis as Record<symbol, unknown>;
  return ((g[KEY] as Set<string> | undefined) ?? (g[KEY] = new Set<string>())) as Set<string>;
};
export function resetYamlReads(): void {
  reads().clear();
}

export function isYamlFile(path: string): boolean {
  return YAML_EXT.has(extname(path).toLowerCase());
}

/** YAML files one definitions folder may hold (README.md, "Limits"). */
export const MAX_YAML_FILES = 10_000;

/** YAML files under a folder, sorted; `node_modules` and dot-folders skipped, symlinked folders not followed. */
export function yamlFilesIn(dir: string, skip: string[] = []): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      throw readError(d, e, "cannot read the folder");
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!skip.includes(p)) walk(p);
      } else if (isYamlFile(e.name)) {
        if (out.length === MAX_YAML_FILES) throw new UserError({ file: shownPath(dir) }, `more than ${MAX_YAML_FILES} YAML files below the folder (the limit)`, "point --definitions or fromYaml() at the folder of your SLO specs only");
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}

function expand(abs: string): string[] {
  if (!existsSync(abs)) throw new UserError({ file: shownPath(abs) }, "YAML definitions path does not exist", "give a .yaml file or a folder of them, relative to the file that calls fromYaml()");
  return isFolder(abs) ? yamlFilesIn(abs) : [abs];
}

/** Whether `abs` is a folder; a path that cannot be examined is a definitions error naming it. */
export function isFolder(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch (e) {
    throw readError(abs, e, "cannot examine the path");
  }
}

/** Service specs of Sloth, OpenSLO and Pyrra documents; OpenSLO references resolve across all the files. */
export function servicesFromDocs(docs: YamlDoc[]): ServiceSpec[] {
  const project = docs.find((d) => d.dialect === "project");
  if (project) throw docError(project, [], `a Project document belongs in ${PROJECT_FILE} at the top of a folder of YAML definitions`, "move it there, or set name, conventions and outputs in definitions/index.ts");
  const services: ServiceSpec[] = [...slothServices(docs.filter((d) => SLOTH_DIALECTS.has(d.dialect))), ...opensloServices(docs.filter((d) => d.dialect === "openslo")), ...pyrraServices(docs.filter((d) => d.dialect === "pyrra"))];
  // Several files may add SLOs to one service.
  const byName = new Map<string, ServiceSpec>();
  for (const s of services) {
    const have = byName.get(s.name);
    if (have) have.slos = [...(have.slos ?? []), ...(s.slos ?? [])];
    else byName.set(s.name, s);
  }
  return [...byName.values()];
}

export function readYamlServices(absPaths: string[]): ServiceSpec[] {
  const files = absPaths.flatMap(expand);
  for (const f of files) reads().add(f);
  return servicesFromDocs(files.flatMap(readYamlFile));
}

/** The folder of the file that called into llmops. */
function callerDir(): string {
  const at = callerFrame();
  return at ? dirname(at.file) : process.cwd();
}

/**
 * Sloth `prometheus/v1` and OpenSLO `openslo/v1` specs as services: files or folders, relative
 * to the calling file. `services: [...fromYaml("./slos")]`.
 */
export function fromYaml(...paths: string[]): ServiceSpec[] {
  const base = callerDir();
  return readYamlServices(paths.map((p) => resolve(base, p)));
}

function projectFrom(doc: YamlDoc | undefined, fallbackName: string, services: ServiceSpec[], source: string): ProjectSpec {
  const p = doc?.data as YamlProject | undefined;
  const preset = p?.conventions === "otel-genai" ? "otel-genai-1.37" : (p?.conventions ?? "lab");
  const conventions = PRESETS[preset]({ ...(p?.translation ? { translation: p.translation } : {}) });
  const outputs: OutputsSpec | undefined = p?.outputs;
  const name = p?.name ?? fallbackName;
  return rememberAt({ name, conventions, services, ...(outputs ? { outputs } : {}), ...(p?.defaultWindow !== undefined ? { defaultWindow: p.defaultWindow } : {}), ...(p?.prices ? { prices: p.prices } : {}) }, source);
}

/**
 * YAML definitions that hold no SLO (only OpenSLO Services, SLIs, DataSources or alert
 * policies, each checked): nothing to record, alert on or show, so nothing is written.
 */
function nothingToCompile(entry: string, docs: YamlDoc[]): UserError {
  const kinds = [...new Set(docs.map((d) => (d.data as { kind?: unknown }).kind).filter((k): k is string => typeof k === "string"))];
  const held = kinds.length ? ` (they hold ${kinds.join(", ")} objects only)` : "";
  return new UserError({ file: entry }, `the YAML definitions define no SLO${held}: nothing to compile`, "add an OpenSLO SLO (kind: SLO) or a Sloth spec; an SLI, Service or AlertPolicy compiles only through an SLO that uses it");
}

/**
 * A project made of YAML only: a YAML file, or a folder without index.ts; undefined when the
 * path is TypeScript (the caller loads it). Folders in `skip` (the output directory, when it
 * lies inside the definitions) are not read.
 */
export function loadYamlProject(path: string, skip: string[] = []): { spec: ProjectSpec; entry: string } | undefined {
  const abs = resolve(path);
  if (!existsSync(abs)) return undefined;
  const isDir = isFolder(abs);
  if (isDir ? existsSync(join(abs, "index.ts")) : !isYamlFile(abs)) return undefined;
  const files = isDir ? yamlFilesIn(abs, skip) : [abs];
  if (isDir && !files.length) return undefined;
  const entry = shownPath(abs);
  const docs = files.flatMap(readYamlFile);
  const projectDocs = docs.filter((d) => d.dialect === "project");
  const top = projectDocs.find((d) => isDir && resolve(d.file) === join(abs, PROJECT_FILE));
  if (top) checkProjectDoc(top);
  const stray = projectDocs.find((d) => d !== top);
  if (stray) throw docError(stray, [], `a Project document belongs in ${PROJECT_FILE} at the top of the definitions folder`, `move it to ${join(entry, PROJECT_FILE)}`);
  const services = servicesFromDocs(docs.filter((d) => d.dialect !== "project"));
  if (!services.length) throw nothingToCompile(entry, docs);
  const name = basename(abs, extname(abs)).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "slos";
  return { spec: projectFrom(top, name, services, top ? top.file : entry), entry };
}

/**
 * YAML files in the definitions folder that index.ts did not read through fromYaml, added as
 * services; folders in `skip` (the output directory) are not read.
 */
export function withFolderYaml(spec: ProjectSpec, entryAbs: string, skip: string[] = []): ProjectSpec {
  if (basename(entryAbs) !== "index.ts") return spec;
  const dir = dirname(entryAbs);
  const files = yamlFilesIn(dir, skip).filter((f) => !reads().has(f));
  if (!files.length) return spec;
  const docs = files.flatMap(readYamlFile);
  const project = docs.find((d) => d.dialect === "project");
  if (project) throw docError(project, [], `${PROJECT_FILE} is read only for a folder without index.ts`, "set name, conventions and outputs in defineProject() in index.ts");
  return { ...spec, services: [...spec.services, ...servicesFromDocs(docs)] };
}

/**
 * YAML files as documents: parsed with positions, recognised by their header, checked against
 * the JSON schema of their kind. Every error names the file (and line), the document and the
 * field path: `slos.yaml:12: document 1: slos[1].sli.events.error_query: …`.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document } from "yaml";
import { UserError } from "../errors.ts";
import { opensloSchema } from "./schemas/openslo.ts";
import { projectSchema } from "./schemas/project.ts";
import { slothSchema } from "./schemas/sloth.ts";

export type Dialect = "sloth" | "openslo" | "project";
export type PathPart = string | number;

export interface YamlDoc {
  /** Path as shown to the user (relative to the working directory). */
  file: string;
  /** 1-based position of the document in its file. */
  index: number;
  dialect: Dialect;
  data: unknown;
  doc: Document.Parsed;
  lines: LineCounter;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const SCHEMAS: Record<Dialect, object> = { sloth: slothSchema, openslo: opensloSchema, project: projectSchema };
const validators = new Map<Dialect, ValidateFunction>();
/** Compiled on first use: a project without YAML never pays for these schemas. */
function validatorFor(dialect: Dialect): ValidateFunction {
  let v = validators.get(dialect);
  if (!v) validators.set(dialect, (v = ajv.compile(SCHEMAS[dialect])));
  return v;
}

const HEADER_HINT =
  "start each document with `version: \"prometheus/v1\"` (Sloth), `apiVersion: openslo/v1` and a kind (OpenSLO), or `apiVersion: llmops/v1` with `kind: Project` (llmops.yaml)";

/** `["slos", 1, "sli"]` → `slos[1].sli` */
export function fieldPath(parts: PathPart[]): string {
  return parts.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "");
}

/** The file and line of the deepest node of `parts` that exists. */
function lineOf(d: YamlDoc, parts: PathPart[]): number | undefined {
  for (let n = parts.length; n >= 0; n--) {
    const node = d.doc.getIn(parts.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) return d.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** An error at a field of a document. */
export function docError(d: YamlDoc, parts: PathPart[], what: string, hint: string): UserError {
  const line = lineOf(d, parts);
  const field = fieldPath(parts);
  return new UserError({ file: line ? `${d.file}:${line}` : d.file, path: `document ${d.index}${field ? `: ${field}` : ""}` }, what, hint);
}

/** The source a spec object built from this document will name in later errors. */
export function docSource(d: YamlDoc, parts: PathPart[]): string {
  const line = lineOf(d, parts);
  return `${line ? `${d.file}:${line}` : d.file} (document ${d.index})`;
}

function dialectOf(data: unknown): Dialect | undefined {
  if (!data || typeof data !== "object" || Array.isArray(data)) return undefined;
  const h = data as { version?: unknown; apiVersion?: unknown; kind?: unknown };
  if (h.version !== undefined && h.apiVersion === undefined) return "sloth";
  if (typeof h.apiVersion === "string" && h.apiVersion.startsWith("openslo/")) return "openslo";
  if (typeof h.apiVersion === "string" && h.apiVersion.startsWith("llmops/")) return "project";
  return undefined;
}

/** `/slos/1/objective` → `["slos", 1, "objective"]` */
function pointerParts(pointer: string): PathPart[] {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function describe(e: ErrorObject): { parts: PathPart[]; what: string } {
  const parts = pointerParts(e.instancePath);
  switch (e.keyword) {
    case "additionalProperties":
      return { parts: [...parts, String(e.params.additionalProperty)], what: "unknown field" };
    case "required":
      return { parts: [...parts, String(e.params.missingProperty)], what: "missing required field" };
    case "enum":
      return { parts, what: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    case "const":
      return { parts, what: `must be ${JSON.stringify(e.params.allowedValue)}` };
    default:
      return { parts, what: e.message ?? e.keyword };
  }
}

/** Errors that explain most: deepest first, `if`/`oneOf` summaries last. */
function bestError(errors: ErrorObject[]): ErrorObject {
  const weight = (e: ErrorObject) => (e.keyword === "if" || e.keyword === "oneOf" ? -1 : e.instancePath.split("/").length);
  return [...errors].sort((a, b) => weight(b) - weight(a))[0]!;
}

const SCHEMA_HINT: Record<Dialect, string> = {
  sloth: "see the Sloth prometheus/v1 spec: https://sloth.dev/specs/default/",
  openslo: "see the OpenSLO v1 specification: https://github.com/OpenSLO/OpenSLO#specification",
  project: "llmops.yaml takes apiVersion: llmops/v1, kind: Project, name, conventions (lab or otel-genai) and outputs",
};

/** Read every document of a YAML file; syntax, header and schema errors throw. */
export function readYamlFile(abs: string): YamlDoc[] {
  const file = relative(process.cwd(), abs) || abs;
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch {
    throw new UserError({ file }, "cannot read the file", "check the path passed to --definitions or fromYaml()");
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  if (!Array.isArray(docs)) throw new UserError({ file }, "the file holds no YAML document", HEADER_HINT);
  const out: YamlDoc[] = [];
  docs.forEach((doc, i) => {
    const err = doc.errors[0];
    if (err) {
      const pos = lines.linePos(err.pos[0]);
      throw new UserError({ file: `${file}:${pos.line}:${pos.col}`, path: `document ${i + 1}` }, `YAML syntax error: ${err.message.split("\n")[0]}`, "fix the YAML syntax (indentation, quotes, colons)");
    }
    const data: unknown = doc.toJS({ maxAliasCount: 100 });
    if (data === null || data === undefined) return;
    const partial = { file, index: i + 1, data, doc, lines };
    const dialect = dialectOf(data);
    if (!dialect) {
      const isMapDoc = isMap(doc.contents) || isSeq(doc.contents);
      throw docError({ ...partial, dialect: "sloth" }, [], isMapDoc ? "not a Sloth, OpenSLO or llmops document" : "a document here must be a mapping", HEADER_HINT);
    }
    const d: YamlDoc = { ...partial, dialect };
    const validate = validatorFor(dialect);
    if (!validate(data)) {
      const { parts, what } = describe(bestError(validate.errors ?? []));
      throw docError(d, parts, what, SCHEMA_HINT[dialect]);
    }
    out.push(d);
  });
  return out;
}

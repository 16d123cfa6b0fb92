/**
 * YAML files as documents: parsed with positions, recognised by their header, checked against
 * the JSON schema of their kind. Every error names the file (and line), the document and the
 * field path: `slos.yaml:12: document 1: slos[1].sli.events.error_query: …`.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Composer, isAlias, isMap, isPair, isSeq, LineCounter, Parser, type Document, type Node } from "yaml";
import { UserError } from "../errors.ts";
import { readDefinitionsFile, shownPath } from "./files.ts";
import { opensloHeaderSchema, opensloSchema } from "./schemas/openslo.ts";
import { projectHeaderSchema, projectSchema } from "./schemas/project.ts";
import { pyrraHeaderSchema, pyrraSchema } from "./schemas/pyrra.ts";
import { slothHeaderSchema, slothKubernetesHeaderSchema, slothKubernetesSchema, slothSchema } from "./schemas/sloth.ts";
import { notASpec } from "./notSpecs.ts";

export type Dialect = "sloth" | "slothKubernetes" | "openslo" | "pyrra" | "project";
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
  /**
   * Where the object sits in its document: absent for the whole document, `[2]` for the third
   * object of a document that is a list of OpenSLO objects. Fields are named from the document.
   */
  at?: PathPart[];
}

const ajv = new Ajv({ allErrors: true, strict: false });
/** Per dialect, the header first (a wrong version or kind is what to fix, not the fields below it), then the whole document. */
const SCHEMAS: Record<Dialect, object[]> = {
  sloth: [slothHeaderSchema, slothSchema],
  slothKubernetes: [slothKubernetesHeaderSchema, slothKubernetesSchema],
  openslo: [opensloHeaderSchema, opensloSchema],
  pyrra: [pyrraHeaderSchema, pyrraSchema],
  project: [projectHeaderSchema, projectSchema],
};
const validators = new Map<Dialect, ValidateFunction[]>();
/** Compiled on first use: a project without YAML never pays for these schemas. */
function validatorsFor(dialect: Dialect): ValidateFunction[] {
  let v = validators.get(dialect);
  if (!v) validators.set(dialect, (v = SCHEMAS[dialect].map((s) => ajv.compile(s))));
  return v;
}

/** The path of the first number that is NaN or infinite (YAML `.nan`, `.inf`, `1e999`), which no field takes. */
function nonFinite(data: unknown): PathPart[] | undefined {
  const todo: { v: unknown; at: PathPart[] }[] = [{ v: data, at: [] }];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const { v, at } = next;
    if (typeof v === "number" && !Number.isFinite(v)) return at;
    if (Array.isArray(v)) v.forEach((x, i) => todo.push({ v: x, at: [...at, i] }));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) todo.push({ v: x, at: [...at, k] });
  }
  return undefined;
}

const HEADER_HINT =
  "start each document with `version: \"prometheus/v1\"` or `apiVersion: sloth.slok.dev/v1` with `kind: PrometheusServiceLevel` (Sloth), `apiVersion: openslo/v1` and a kind (OpenSLO), `apiVersion: pyrra.dev/v1alpha1` with `kind: ServiceLevelObjective` (Pyrra), or `apiVersion: llmops/v1` with `kind: Project` (llmops.yaml)";

/** `["slos", 1, "sli"]` → `slos[1].sli` */
export function fieldPath(parts: PathPart[]): string {
  return parts.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "");
}

/** The file and line of the deepest node of `parts` that exists. */
function lineOf(d: YamlDoc, rel: PathPart[]): number | undefined {
  const parts = [...(d.at ?? []), ...rel];
  for (let n = parts.length; n >= 0; n--) {
    const node = d.doc.getIn(parts.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) return d.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** An error at a field of a document. */
export function docError(d: YamlDoc, parts: PathPart[], what: string, hint: string): UserError {
  const line = lineOf(d, parts);
  const field = fieldPath([...(d.at ?? []), ...parts]);
  return new UserError({ file: line ? `${d.file}:${line}` : d.file, path: `document ${d.index}${field ? `: ${field}` : ""}` }, what, hint);
}

/** The source a spec object built from this document will name in later errors. */
export function docSource(d: YamlDoc, parts: PathPart[]): string {
  const line = lineOf(d, parts);
  return `${line ? `${d.file}:${line}` : d.file} (${docName(d)})`;
}

/** `document 2`, or `document 2, [3]` for an object of a list. */
export function docName(d: YamlDoc): string {
  return `document ${d.index}${d.at?.length ? `, ${fieldPath(d.at)}` : ""}`;
}

function dialectOf(data: unknown): Dialect | undefined {
  if (!data || typeof data !== "object" || Array.isArray(data)) return undefined;
  const h = data as { version?: unknown; apiVersion?: unknown; kind?: unknown };
  if (h.version === "prometheus/v1" && h.apiVersion === undefined) return "sloth";
  if (h.apiVersion === "sloth.slok.dev/v1" && h.kind === "PrometheusServiceLevel") return "slothKubernetes";
  if (typeof h.apiVersion === "string" && h.apiVersion.startsWith("openslo/")) return "openslo";
  if (typeof h.apiVersion === "string" && h.apiVersion.startsWith("pyrra.dev/")) return "pyrra";
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

/**
 * Errors that explain most: deepest first, `if`/`oneOf` summaries last; at one depth an
 * unknown field before a missing one, since a misspelt field is both and its name is the clue.
 */
function bestError(errors: ErrorObject[]): ErrorObject {
  const weight = (e: ErrorObject) => (e.keyword === "if" || e.keyword === "oneOf" ? -1 : e.instancePath.split("/").length * 2 + (e.keyword === "additionalProperties" ? 1 : 0));
  return [...errors].sort((a, b) => weight(b) - weight(a))[0]!;
}

const SCHEMA_HINT: Record<Dialect, string> = {
  sloth: "see the Sloth prometheus/v1 spec (https://sloth.dev/specs/default/); its fields are snake_case: error_query, total_query, error_ratio_query, page_alert, ticket_alert",
  slothKubernetes: "see Sloth's PrometheusServiceLevel (sloth.slok.dev/v1): the prometheus/v1 fields under spec, in camelCase: errorQuery, totalQuery, errorRatioQuery, pageAlert, ticketAlert",
  openslo: "see the OpenSLO v1 specification: https://github.com/OpenSLO/OpenSLO#specification",
  pyrra: "see Pyrra's ServiceLevelObjective (pyrra.dev/v1alpha1): spec.target is a quoted percent (\"99.9\"), spec.window a duration (28d), spec.indicator one of ratio, latency or bool_gauge",
  project: "llmops.yaml takes apiVersion: llmops/v1, kind: Project, name, conventions (lab or otel-genai) and outputs",
};

/** The limits README.md states for YAML, beside the file size limit of files.ts. */
export const YAML_LIMITS = {
  /** Documents in one file (`---` separated). */
  documents: 1000,
  /** Mappings and sequences nested in one another. */
  depth: 64,
  /** yaml's `maxAliasCount`: how many nodes aliases may expand to, against exponential expansion. */
  aliases: 100,
} as const;

const LIST_HINT = "give each object of the list apiVersion: openslo/v1 (or openslo/v1alpha), kind, metadata and spec; write other documents on their own, separated by ---";

const LIMIT_HINT = "definitions this large are not SLO specs; split the file, or remove what is not a Sloth or OpenSLO document";

/** The documents of `text`, parsed one at a time so that a file of endless `---` stops at the limit. */
function parseDocuments(text: string, file: string, lines: LineCounter): Document.Parsed[] {
  const docs: Document.Parsed[] = [];
  const composer = new Composer();
  for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text))) {
    if (docs.length === YAML_LIMITS.documents) {
      const at = lines.linePos(doc.range[0]).line;
      throw new UserError({ file: `${file}:${at}` }, `more than ${YAML_LIMITS.documents} YAML documents in one file (the limit)`, LIMIT_HINT);
    }
    docs.push(doc);
  }
  return docs;
}

/** Refuses nesting deeper than the limit and aliases to no anchor, by line; the walk keeps its own stack. */
function checkStructure(doc: Document.Parsed, at: (offset: number) => string, index: number): void {
  const todo: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const { node, depth } = next;
    if (isAlias(node) && !node.resolve(doc)) {
      throw new UserError({ file: at(node.range?.[0] ?? 0), path: `document ${index}` }, `YAML alias *${node.source} names no anchor defined before it`, "define the anchor (&name) before its first alias (*name), or write the value out");
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > YAML_LIMITS.depth) {
      throw new UserError({ file: at((node as Node).range?.[0] ?? 0), path: `document ${index}` }, `YAML nested more than ${YAML_LIMITS.depth} levels deep (the limit)`, LIMIT_HINT);
    }
    for (const item of node.items as unknown[]) {
      if (isPair(item)) todo.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
      else todo.push({ node: item, depth: depth + 1 });
    }
  }
}

/** Read every document of a YAML file; syntax, header, limit and schema errors throw. */
export function readYamlFile(abs: string): YamlDoc[] {
  const file = shownPath(abs);
  const text = readDefinitionsFile(abs);
  const lines = new LineCounter();
  const docs = parseDocuments(text, file, lines);
  const at = (offset: number) => {
    const pos = lines.linePos(offset);
    return `${file}:${pos.line}:${pos.col}`;
  };
  const out: YamlDoc[] = [];
  docs.forEach((doc, i) => {
    const err = doc.errors[0];
    if (err) {
      // yaml reports the nesting that overflowed its parser's stack as an error of its own.
      if (/call stack/i.test(err.message)) throw new UserError({ file: at(err.pos[0]), path: `document ${i + 1}` }, `YAML nested more than ${YAML_LIMITS.depth} levels deep (the limit)`, LIMIT_HINT);
      throw new UserError({ file: at(err.pos[0]), path: `document ${i + 1}` }, `YAML syntax error: ${err.message.split("\n")[0]}`, "fix the YAML syntax (indentation, quotes, colons)");
    }
    checkStructure(doc, at, i + 1);
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: YAML_LIMITS.aliases });
    } catch (e) {
      // What yaml refuses while resolving: aliases that expand past the limit (billion laughs).
      const why = e instanceof Error ? e.message : String(e);
      throw new UserError({ file: at(doc.range[0]), path: `document ${i + 1}` }, /alias/i.test(why) ? `YAML aliases expand to more than ${YAML_LIMITS.aliases} nodes (the limit of yaml's maxAliasCount)` : `the YAML cannot be read: ${why}`, "write the repeated values out, or use fewer nested aliases");
    }
    if (data === null || data === undefined) return;
    if (Array.isArray(data)) {
      // A list of OpenSLO objects, as OpenSLO's SDK and examples write them: each item is an object.
      data.forEach((item, j) => out.push(listObject({ file, index: i + 1, data: item, doc, lines, at: [j] })));
      return;
    }
    const partial = { file, index: i + 1, data, doc, lines };
    const dialect = dialectOf(data);
    if (!dialect) {
      const isMapDoc = isMap(doc.contents) || isSeq(doc.contents);
      const known = isMapDoc ? notASpec(data as object) : undefined;
      if (known) throw docError({ ...partial, dialect: "sloth" }, known.parts, known.what, known.hint);
      throw docError({ ...partial, dialect: "sloth" }, [], isMapDoc ? "not a Sloth, OpenSLO, Pyrra or llmops document" : "a document here must be a mapping", HEADER_HINT);
    }
    const d: YamlDoc = { ...partial, dialect };
    checkSchemas(d);
    out.push(d);
  });
  return out;
}

/** An object of a list: OpenSLO only. */
function listObject(partial: Omit<YamlDoc, "dialect">): YamlDoc {
  if (dialectOf(partial.data) !== "openslo") throw docError({ ...partial, dialect: "openslo" }, [], "not an OpenSLO object: a list here holds OpenSLO objects only", LIST_HINT);
  const d: YamlDoc = { ...partial, dialect: "openslo" };
  checkSchemas(d);
  return d;
}

/** Numbers, then the schemas of the document's dialect. */
function checkSchemas(d: YamlDoc): void {
  const bad = nonFinite(d.data);
  if (bad) throw docError(d, bad, "must be a finite number", "write a number such as 0.999 or 5; .nan and .inf are no value any field takes");
  for (const validate of validatorsFor(d.dialect)) {
    if (validate(d.data)) continue;
    const { parts, what } = describe(bestError(validate.errors ?? []));
    throw docError(d, parts, what, SCHEMA_HINT[d.dialect]);
  }
}

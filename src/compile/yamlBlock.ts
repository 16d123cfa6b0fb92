/**
 * Block-style YAML for the JSON-shaped data targets produce (maps, lists, strings, numbers,
 * booleans, null). Every scalar, key or value, is rendered by the `yaml` library, so quoting
 * and block scalars are its decisions; only the indentation around them is laid out here.
 * The result is the same text `new Document(data).toString()` gives, at a fraction of the cost
 * on large rule and test files (scalars memoized across documents, no intermediate AST).
 */
import { Document } from "yaml";

const OPTIONS = { lineWidth: 0, defaultStringType: "PLAIN", defaultKeyType: "PLAIN" } as const;

/**
 * The library's text for one document, from a reused document: a new one per call builds a
 * schema each time, and thousands of multi-line expressions each need the library's call.
 */
const scratch = new Document(null);
function libraryText(value: unknown): string {
  scratch.contents = scratch.createNode(value);
  return scratch.toString(OPTIONS);
}

/**
 * The library's text for `value` as the value of a top-level key: one line, or a block
 * scalar's header line and its body lines indented two spaces, as the library lays them out
 * there (the body of a value at depth d is that, indented d levels further).
 */
function libraryValue(value: unknown): string {
  return libraryText({ v: value }).slice("v: ".length, -1);
}

/** The library's text for `key` as a map key (a key never spans lines). */
function libraryKey(key: string): string {
  const text = libraryText({ [key]: 0 });
  return text.endsWith(": 0\n") && text.indexOf("\n") === text.length - 1 ? text.slice(0, -": 0\n".length) : JSON.stringify(key);
}

/**
 * Single-line printable strings the library writes plain: the conditions of its `plainString`
 * (no leading indicator, no `: ` or ` #`, no trailing space or colon) and not readable as
 * another type by its own schema tags. Answered here because they are most scalars; everything
 * else goes to the library. A document marker (`---`, `...`) is plain inside a document, so it
 * is decided here too; only as a key it would need quotes.
 */
const NOT_PLAIN = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[ \t]#|[ \t:]$/;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)/;
const PRINTABLE = /^[\x20-\x7e]+$/;
const OTHER_TYPES = new Document().schema.tags.filter((t) => t.default && t.tag !== "tag:yaml.org,2002:str" && t.test);
const plainAsIs = (s: string): boolean => PRINTABLE.test(s) && !NOT_PLAIN.test(s) && !OTHER_TYPES.some((t) => t.test!.test(s));

/**
 * Multi-line values the library writes as a `|-` literal block, verbatim (such as every
 * multi-line expression): printable ASCII lines, not starting or ending with whitespace, no
 * line opening with a document marker or directive. Everything else goes to the library.
 */
const LITERAL_AS_IS = /^[\x21-\x7e][\x20-\x7e\n]*[\x21-\x7e]$/;
const MARKER_LINE = /^(?:%|---|\.\.\.)/m;
const literalAsIs = (s: string): boolean => s.includes("\n") && LITERAL_AS_IS.test(s) && !MARKER_LINE.test(s);

/**
 * A single-line printable value that cannot be plain, quoted as the library's `quotedString`
 * quotes it: single quotes when it holds `"` and no `'`, else double quotes, whose escapes for
 * printable ASCII are JSON's (`\"` and `\\`). With lineWidth 0 the library never folds it.
 */
const quotedValue = (s: string): string => (s.includes('"') && !s.includes("'") ? `'${s}'` : JSON.stringify(s));

/**
 * Rendered strings, shared by every document of a run: rule and test files repeat the same
 * keys, label values and numbers thousands of times. Bounded; cleared when full.
 */
const values = new Map<string, string>();
const keys = new Map<string, string>();
const CACHE_LIMIT = 100_000;

function scalarString(s: string, key: boolean): string {
  // Long plain values (most expressions) are cheaper to check than to hash and keep.
  if (!key && s.length > 64 && plainAsIs(s)) return s;
  const cache = key ? keys : values;
  let r = cache.get(s);
  if (r === undefined) {
    if (plainAsIs(s)) r = key && DOCUMENT_MARKER.test(s) ? JSON.stringify(s) : s;
    else if (key) r = libraryKey(s);
    else if (PRINTABLE.test(s)) r = quotedValue(s);
    else if (literalAsIs(s)) r = `|-\n${s.split("\n").map((line) => (line ? `  ${line}` : "")).join("\n")}`;
    else r = libraryValue(s);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(s, r);
  }
  return r;
}

function scalar(v: unknown): string {
  if (typeof v === "string") return scalarString(v, false);
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0) ? String(v) : libraryValue(v);
  return scalarString(String(v), false);
}

function isEmpty(v: object): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const _ in v) return false;
  return true;
}

/** One document at a time, line by line. */
export class BlockYaml {
  private out: string[] = [];

  /**
   * `key: value` (or `- value`) whose key sits at `indent`: a block scalar's body, laid out by
   * the library for a key at the left margin, moves right by that indentation.
   */
  private value(prefix: string, v: unknown, indent: string): void {
    const text = scalar(v);
    const nl = text.indexOf("\n");
    if (nl < 0) {
      this.out.push(prefix + text);
      return;
    }
    this.out.push(prefix + text.slice(0, nl));
    for (const line of text.slice(nl + 1).split("\n")) this.out.push(line ? indent + line : "");
  }

  private node(v: object, indent: string, first: string): void {
    // `first` is the prefix of the node's first line: `- ` (with its indent) when it opens a list item.
    let prefix = first;
    if (Array.isArray(v)) {
      const inner = indent + "  ";
      for (const item of v) {
        const head = prefix + "- ";
        prefix = indent;
        if (item === null || typeof item !== "object") this.value(head, item, indent);
        else if (isEmpty(item)) this.out.push(head + (Array.isArray(item) ? "[]" : "{}"));
        else this.node(item, inner, head);
      }
      return;
    }
    const inner = indent + "  ";
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (x === undefined) continue;
      const key = prefix + scalarString(k, true) + ":";
      prefix = indent;
      if (x !== null && typeof x === "object") {
        if (isEmpty(x)) this.out.push(key + (Array.isArray(x) ? " []" : " {}"));
        else {
          this.out.push(key);
          this.node(x, inner, inner);
        }
      } else this.value(key + " ", x, indent);
    }
  }

  /** The document, after an optional leading comment line and a blank line. */
  document(data: unknown, comment?: string): string {
    this.out = comment ? [comment, ""] : [];
    if (data !== null && typeof data === "object") {
      if (isEmpty(data)) this.out.push(Array.isArray(data) ? "[]" : "{}");
      else this.node(data, "", "");
    } else this.out.push(libraryText(data).replace(/\n$/, ""));
    // The final newline through join, so the text is one flat string and not a rope that
    // comparing or writing it would copy again.
    this.out.push("");
    const text = this.out.join("\n");
    this.out = [];
    return text;
  }
}

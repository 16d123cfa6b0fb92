/**
 * Block-style YAML for the JSON-shaped data targets produce (maps, lists, strings, numbers,
 * booleans, null). Every scalar, key or value, is rendered by the `yaml` library, so quoting
 * and block scalars are its decisions; only the indentation around them is laid out here.
 * The result is the same text `new Document(data).toString()` gives, at a fraction of the cost
 * on large rule and test files (memoized scalars, no intermediate AST).
 */
import { Document, stringify } from "yaml";

const OPTIONS = { lineWidth: 0, defaultStringType: "PLAIN", defaultKeyType: "PLAIN" } as const;

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

export class BlockYaml {
  private readonly scalars = new Map<string, string>();

  /** Lines of one scalar as a value: a single line, or a block scalar header and its body. */
  private scalar(v: unknown, key = false): string {
    if (v === null || v === undefined) return "null";
    if (typeof v === "boolean") return String(v);
    if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0) ? String(v) : stringify(v, OPTIONS).trimEnd();
    const s = String(v);
    if (plainAsIs(s)) return key && DOCUMENT_MARKER.test(s) ? JSON.stringify(s) : s;
    let r = this.scalars.get(s);
    if (r === undefined) {
      r = stringify(s, OPTIONS).replace(/\n$/, "");
      this.scalars.set(s, r);
    }
    return r;
  }

  /** `key: value`, with a block scalar's body indented one level below the key. */
  private value(prefix: string, v: unknown, indent: string, out: string[]): void {
    const text = this.scalar(v);
    const nl = text.indexOf("\n");
    if (nl < 0) {
      out.push(`${prefix}${text}`);
      return;
    }
    out.push(`${prefix}${text.slice(0, nl)}`);
    for (const line of text.slice(nl + 1).split("\n")) out.push(line ? `${indent}  ${line}` : "");
  }

  private isEmpty(v: unknown): boolean {
    return Array.isArray(v) ? v.length === 0 : Object.keys(v as object).length === 0;
  }

  private node(v: unknown, indent: string, out: string[], firstPrefix?: string): void {
    // `firstPrefix` is `- ` (with its indent) when this node opens a list item.
    let prefix = firstPrefix;
    const take = () => {
      const p = prefix ?? indent;
      prefix = undefined;
      return p;
    };
    if (Array.isArray(v)) {
      for (const item of v) {
        const head = `${take()}- `;
        if (!this.isObject(item)) this.value(head, item, indent, out);
        else if (this.isEmpty(item)) out.push(`${head}${Array.isArray(item) ? "[]" : "{}"}`);
        else this.node(item, `${indent}  `, out, head);
      }
      return;
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined) continue;
      const key = `${take()}${this.scalar(k, true)}:`;
      if (this.isObject(x)) {
        if (this.isEmpty(x)) out.push(`${key} ${Array.isArray(x) ? "[]" : "{}"}`);
        else {
          out.push(key);
          this.node(x, `${indent}  `, out);
        }
      } else this.value(`${key} `, x, indent, out);
    }
  }

  private isObject(v: unknown): v is object {
    return v !== null && typeof v === "object";
  }

  /** The document, after an optional leading comment line and a blank line. */
  document(data: unknown, comment?: string): string {
    const out: string[] = comment ? [comment, ""] : [];
    if (this.isObject(data) && !this.isEmpty(data)) this.node(data, "", out);
    else if (this.isObject(data)) out.push(Array.isArray(data) ? "[]" : "{}");
    else this.value("", data, "", out);
    return out.join("\n") + "\n";
  }
}

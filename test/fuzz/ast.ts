/**
 * Definitions as data the fuzzer can walk and mutate, rendered to TypeScript (with the DSL's
 * helper calls, so errors can name a line) or to YAML.
 */
import { stringify } from "yaml";

/** A JavaScript expression written as it is; never mutated. */
export class Raw {
  constructor(readonly code: string) {}
}

/** `fn({ ...arg })`, plus source appended inside the object (functions, e.g. `queries`). */
export class Call {
  constructor(
    readonly fn: string,
    readonly arg: { [k: string]: Node },
    readonly extra = "",
  ) {}
}

export type Node = null | boolean | number | string | Raw | Call | Node[] | { [k: string]: Node };
export type Key = string | number;

export const isObject = (n: Node): n is { [k: string]: Node } => typeof n === "object" && n !== null && !Array.isArray(n) && !(n instanceof Raw) && !(n instanceof Call);

/** The object whose keys a path walks through: a Call's argument, or the object itself. */
export function fieldsOf(n: Node): { [k: string]: Node } | undefined {
  if (n instanceof Call) return n.arg;
  return isObject(n) ? n : undefined;
}

export function clone(n: Node): Node {
  if (n instanceof Call) return new Call(n.fn, clone(n.arg) as { [k: string]: Node }, n.extra);
  if (n instanceof Raw || n === null || typeof n !== "object") return n;
  if (Array.isArray(n)) return n.map(clone);
  return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, clone(v)]));
}

export function get(root: Node, path: Key[]): Node | undefined {
  let n: Node | undefined = root;
  for (const k of path) {
    if (n === undefined) return undefined;
    if (Array.isArray(n) && typeof k === "number") n = n[k];
    else n = fieldsOf(n as Node)?.[String(k)];
  }
  return n;
}

/** A copy of `root` with the value at `path` changed by `edit` (which gets the parent and the key). */
export function edit(root: Node, path: Key[], change: (parent: { [k: string]: Node } | Node[], key: Key) => void): Node {
  const copy = clone(root);
  const parent = get(copy, path.slice(0, -1));
  const holder = Array.isArray(parent) ? parent : fieldsOf(parent as Node);
  if (!holder) throw new Error(`no parent at ${path.join(".")}`);
  change(holder, path[path.length - 1]!);
  return copy;
}

/** `{ a: 1 }` → `{ a: 1, [key]: value }` keeping key order, or renamed in place. */
export function renameKey(obj: { [k: string]: Node }, from: string, to: string): void {
  const entries = Object.entries(obj).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) obj[k] = v;
}

function num(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (Object.is(n, -0)) return "-0";
  return String(n);
}

/** TypeScript source of a value, one field per line so errors can point at it. */
export function renderTs(n: Node, indent = ""): string {
  const inner = indent + "  ";
  if (n instanceof Raw) return n.code;
  if (n instanceof Call) {
    const body = Object.entries(n.arg).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${renderTs(v, inner)},`);
    if (n.extra) body.push(`${inner}${n.extra}`);
    return `${n.fn}({\n${body.join("\n")}\n${indent}})`;
  }
  if (n === null) return "null";
  if (typeof n === "number") return num(n);
  if (typeof n === "string") return JSON.stringify(n).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  if (typeof n === "boolean") return String(n);
  if (Array.isArray(n)) return n.length ? `[\n${n.map((v) => `${inner}${renderTs(v, inner)},`).join("\n")}\n${indent}]` : "[]";
  const entries = Object.entries(n);
  return entries.length ? `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${renderTs(v, inner)},`).join("\n")}\n${indent}}` : "{}";
}

/** Plain data of a YAML node tree (YAML bases hold no Raw or Call). */
function plain(n: Node): unknown {
  if (n instanceof Raw || n instanceof Call) throw new Error("YAML definitions hold plain data only");
  if (n === null || typeof n !== "object") return n;
  if (Array.isArray(n)) return n.map(plain);
  return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, plain(v)]));
}

/** Documents of one YAML file. */
export function renderYaml(docs: Node[]): string {
  return docs.map((d) => stringify(plain(d), { lineWidth: 0 })).join("---\n");
}

/**
 * The case generator: walks every field of a valid definition and applies the mutations of
 * its kind, plus a typo of every key of a closed object and duplicates/empties of every list.
 */
import { edit, fieldsOf, get, isObject, renameKey, type Key, type Node } from "./ast.ts";
import { ruleFor, valueMutations, type Expect, type FieldRule, pattern } from "./fields.ts";
import { FREE_KINDS } from "./rules.ts";

export interface Mutant {
  /** Stable id: the field path and what was done to it. */
  id: string;
  root: Node;
  expect: Expect;
  /**
   * Words of which the error must carry one: the field's key or, where a schema's alternatives
   * make the enclosing field the one at fault, its parent's; for a typo, the typo or the key.
   */
  field: string[];
  /** The path mutated, for line lookups and reports. */
  path: Key[];
}

/** `objective` → `objetcive`: a typo that is not a key already. */
export function typo(key: string, taken: Set<string>): string {
  const candidates = key.length >= 4 ? [key.slice(0, 2) + key[3] + key[2] + key.slice(4), key.slice(0, -1), key + "s"] : [key + key.slice(-1), key + "s"];
  return candidates.find((c) => c !== key && !taken.has(c)) ?? `${key}_typo`;
}

/** Lists whose items are named and must be unique, and what a duplicate or an empty list must do. */
const LISTS: { path: RegExp; duplicate: Expect; empty: Expect }[] = [
  { path: /^(services|slos|spec\.slos)$/, duplicate: "bad", empty: "either" },
  { path: /(^|\.)services\[\]\.slos$/, duplicate: "bad", empty: "valid" },
  // A dashboard panel of the base names an alert: without alerts it names none that exists.
  { path: /(^|\.)alerts$/, duplicate: "bad", empty: "either" },
  { path: /receivers$/, duplicate: "bad", empty: "bad" },
  { path: /^dashboards$/, duplicate: "bad", empty: "valid" },
  { path: /windows$/, duplicate: "either", empty: "either" },
  { path: /(rows|panels)$/, duplicate: "either", empty: "valid" },
  { path: /objectives$/, duplicate: "bad", empty: "bad" },
  { path: /conditions$/, duplicate: "either", empty: "bad" },
];

const keysOf = (path: Key[]): string[] => path.filter((k): k is string => typeof k === "string");
/** The field's key and its parent's. */
const named = (path: Key[]): string[] => keysOf(path).slice(-2).reverse();
/** `dashboards` → `dashboards` or `dashboard`: a duplicate is named by its list or its kind. */
const listNames = (path: Key[]): string[] => {
  const k = keysOf(path).pop() ?? "";
  return [k, k.replace(/s$/, "")];
};

/**
 * Every mutant of `root` under `rules`. `skip` leaves out subtrees the format does not
 * mutate (the conventions object, a YAML document's header when another case covers it).
 */
export function mutants(root: Node, rules: FieldRule[], skip: (path: Key[]) => boolean = () => false): Mutant[] {
  const out: Mutant[] = [];
  const add = (path: Key[], what: string, expect: Expect, field: string[], change: (parent: { [k: string]: Node } | Node[], key: Key) => void) => {
    out.push({ id: `${pattern(path)}@${path.join(".")}: ${what}`, root: edit(root, path, change), expect, field, path });
  };
  const walk = (node: Node, path: Key[]) => {
    if (skip(path)) return;
    const rule = path.length ? ruleFor(rules, path) : undefined;
    if (path.length) {
      const kind = rule?.kind ?? (Array.isArray(node) ? "array" : fieldsOf(node) ? "object" : typeof node === "number" ? "number" : "string");
      const required = rule?.required ?? false;
      const field = named(path);
      // An item of a list: deleting it is an `empty`/shorter list, covered below.
      const inList = typeof path[path.length - 1] === "number";
      for (const mu of valueMutations(kind, required).map((x) => (x.value === undefined && rule?.missing ? { ...x, expect: rule.missing } : x))) {
        if (inList && mu.value === undefined) continue;
        add(path, mu.label, mu.expect, field, (parent, key) => {
          if (Array.isArray(parent)) parent[key as number] = mu.value ?? null;
          else if (mu.value === undefined) delete parent[String(key)];
          else parent[String(key)] = mu.value;
        });
      }
      if (FREE_KINDS.has(kind)) return;
    }
    const fields = fieldsOf(node);
    if (fields) {
      const keys = new Set(Object.keys(fields));
      for (const key of keys) {
        const misspelt = typo(key, keys);
        add([...path, key], `typo ${key} → ${misspelt}`, "bad", [misspelt, key, ...named(path).slice(0, 1)], (parent) => renameKey(parent as { [k: string]: Node }, key, misspelt));
      }
      for (const [k, v] of Object.entries(fields)) walk(v, [...path, k]);
    } else if (Array.isArray(node)) {
      const list = LISTS.find((l) => l.path.test(pattern(path)));
      if (list && node.length) {
        const field = listNames(path);
        out.push({ id: `${pattern(path)}@${path.join(".")}: duplicate item`, root: edit(root, path, (p, k) => { const a = (p as Record<string, Node[]>)[String(k)]!; a.push(a[0]!); }), expect: list.duplicate, field, path });
        out.push({ id: `${pattern(path)}@${path.join(".")}: empty list`, root: edit(root, path, (p, k) => { (p as Record<string, Node>)[String(k)] = []; }), expect: list.empty, field, path });
      }
      node.forEach((v, i) => walk(v, [...path, i]));
    }
  };
  walk(root, []);
  return out;
}

/** Fields of one shape in two places: the ticket tier is the page tier, a row's panel a dashboard's. */
const alike = (p: string) => p.replace(/\.ticket(_alert)?\b/g, ".page$1").replace(/\.rows\[\]\.panels\[\]/g, ".panels[]");

/**
 * One mutant per field pattern and mutation: the same field of the fifth SLO fails as the
 * first one's does. `scope` keeps apart what shares a pattern but not a meaning (OpenSLO kinds).
 */
export function distinct(ms: Mutant[], scope = ""): Mutant[] {
  const seen = new Set<string>();
  return ms.filter((m) => {
    const key = `${scope}|${alike(pattern(m.path))}|${m.id.slice(m.id.indexOf(": ") + 2).replace(/^typo .*/, "typo")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The mutated value, for reports. */
export function valueAt(m: Mutant): Node | undefined {
  return get(m.root, m.path);
}

export { isObject };

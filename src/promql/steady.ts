/**
 * PromQL evaluated over steady counters: every series grows at a constant rate from one common
 * start, so `rate(x[w])` is that rate and `increase(x[w])` the rate times `w`. This is the world
 * of llmops's promtool tests, where counters start together and grow steadily, and in it the
 * ratios an SLI query computes are exact. It lets the test generator find input series for a
 * user's own query and know the labels of every series the query returns.
 *
 * The expression is read with lezer-promql. Only what has one meaning in that world is
 * evaluated: numbers, `rate`/`irate`/`increase` of a range selector, `vector()`, the
 * aggregations sum, avg, min, max and count with `by`/`without`, arithmetic between scalars and
 * vectors with one-to-one `on`/`ignoring` matching, and `and`, `or`, `unless`. Anything else
 * (instant selectors of gauges, comparisons, subqueries, `group_left`, other functions) throws
 * `Unsteady`: the caller falls back to what it can prove without it.
 */
import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";
import { parseDuration } from "../model/duration.ts";
import { matcherHolds } from "./regex.ts";
import { readSelector } from "./selector.ts";
import type { Selection } from "../model/types.ts";

export class Unsteady extends Error {}

/** An input series: its labels (`__name__` included) and its growth per second; absent series are not listed. */
export interface SteadySeries {
  labels: Record<string, string>;
  rate: number;
}
export interface Sample {
  labels: Record<string, string>;
  value: number;
}
type Value = { scalar: number } | { vector: Sample[] };

/** A selector of the query: its metric name and matchers. */
export type SelectorRef = Selection;

const text = (q: string, n: SyntaxNode) => q.slice(n.from, n.to);
const children = (n: SyntaxNode): SyntaxNode[] => {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};

/** A selector node of the query as a selection, through the one reader of selectors. */
function selectorOf(q: string, node: SyntaxNode): SelectorRef {
  const read = readSelector(q.slice(node.from, node.to));
  if (!read.ok) throw new Unsteady(read.problem);
  return read.selection;
}

/** Every selector of the query, in order. */
export function selectorsOf(query: string): SelectorRef[] {
  const out: SelectorRef[] = [];
  const tree = parser.parse(query);
  let error = false;
  tree.iterate({
    enter: (r) => {
      if (r.type.isError) error = true;
      if (r.name === "VectorSelector") out.push(selectorOf(query, r.node));
    },
  });
  if (error) throw new Unsteady("the query does not parse");
  return out;
}

/** The labels every `by (…)` and `on (…)` of the query names: the labels its groups are told apart by. */
export function groupingLabels(query: string): string[] {
  const out = new Set<string>();
  parser.parse(query).iterate({
    enter: (r) => {
      if (r.name !== "GroupingLabels") return;
      const parent = r.node.parent;
      const kind = parent?.firstChild?.name;
      if (kind !== "By" && kind !== "On") return;
      for (const c of children(r.node)) if (c.name === "LabelName") out.add(text(query, c));
    },
  });
  return [...out].sort();
}

const withoutName = (l: Record<string, string>): Record<string, string> => {
  const { __name__: _drop, ...rest } = l;
  return rest;
};
const keyOf = (l: Record<string, string>, only?: string[], without?: string[]): string =>
  JSON.stringify(
    Object.keys(l)
      .filter((k) => (only ? only.includes(k) : !(without ?? []).includes(k)))
      .sort()
      .map((k) => [k, l[k]]),
  );
const pick = (l: Record<string, string>, only?: string[], without?: string[]): Record<string, string> =>
  Object.fromEntries(Object.entries(l).filter(([k]) => (only ? only.includes(k) : !(without ?? []).includes(k))));

const ARITH: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
};
const SETS = new Set(["And", "Or", "Unless"]);

class Evaluator {
  constructor(
    private readonly q: string,
    private readonly series: SteadySeries[],
  ) {}

  eval(n: SyntaxNode): Value {
    switch (n.name) {
      case "PromQL":
      case "ParenExpr": {
        const inner = children(n).find((c) => c.name !== "(" && c.name !== ")");
        if (!inner) throw new Unsteady("empty parentheses");
        return this.eval(inner);
      }
      case "NumberDurationLiteral":
      case "NumberLiteral": {
        const v = Number(text(this.q, n));
        if (!Number.isFinite(v)) throw new Unsteady("a number that is a duration");
        return { scalar: v };
      }
      case "UnaryExpr": {
        const [op, arg] = children(n);
        const v = this.eval(arg!);
        const sign = op?.name === "Sub" ? -1 : 1;
        return "scalar" in v ? { scalar: sign * v.scalar } : { vector: v.vector.map((s) => ({ labels: withoutName(s.labels), value: sign * s.value })) };
      }
      case "FunctionCall":
        return this.call(n);
      case "AggregateExpr":
        return this.aggregate(n);
      case "BinaryExpr":
        return this.binary(n);
      default:
        throw new Unsteady(`${n.name} is not evaluated`);
    }
  }

  private select(n: SyntaxNode): { samples: SteadySeries[]; seconds: number } {
    let m = n;
    if (m.name === "OffsetExpr") m = m.firstChild!;
    if (m.name !== "MatrixSelector") throw new Unsteady("a range function of something other than a range selector");
    const vs = m.getChild("VectorSelector");
    const range = m.lastChild;
    const seconds = range ? parseDuration(text(this.q, range)) : undefined;
    if (!vs || seconds === undefined) throw new Unsteady("a range that is not a plain duration");
    const sel = selectorOf(this.q, vs);
    const samples = this.series.filter((s) => s.labels.__name__ === sel.series && sel.matchers.every((mt) => matcherHolds(mt, s.labels[mt.label] ?? "")));
    return { samples, seconds };
  }

  private call(n: SyntaxNode): Value {
    const fn = text(this.q, n.getChild("FunctionIdentifier")!);
    const body = n.getChild("FunctionCallBody");
    const args = body ? children(body).filter((c) => c.name !== "(" && c.name !== ")" && c.name !== ",") : [];
    switch (fn) {
      case "rate":
      case "irate":
      case "increase": {
        if (args.length !== 1) throw new Unsteady(`${fn} with ${args.length} arguments`);
        const { samples, seconds } = this.select(args[0]!);
        return { vector: samples.map((s) => ({ labels: withoutName(s.labels), value: fn === "increase" ? s.rate * seconds : s.rate })) };
      }
      case "vector": {
        const v = this.eval(args[0]!);
        if (!("scalar" in v)) throw new Unsteady("vector() of a vector");
        return { vector: [{ labels: {}, value: v.scalar }] };
      }
      default:
        throw new Unsteady(`the function ${fn} is not evaluated`);
    }
  }

  private aggregate(n: SyntaxNode): Value {
    const op = text(this.q, n.getChild("AggregateOp")!);
    const mod = n.getChild("AggregateModifier");
    // No modifier aggregates everything into one sample without labels.
    let only: string[] | undefined = mod ? undefined : [];
    let without: string[] | undefined;
    if (mod) {
      const labels = children(mod.getChild("GroupingLabels")!).filter((c) => c.name === "LabelName").map((c) => text(this.q, c));
      if (mod.firstChild?.name === "By") only = labels;
      else without = labels;
    }
    const body = n.getChild("FunctionCallBody");
    const args = body ? children(body).filter((c) => c.name !== "(" && c.name !== ")" && c.name !== ",") : [];
    if (args.length !== 1) throw new Unsteady(`${op} with a parameter`);
    const v = this.eval(args[0]!);
    if ("scalar" in v) throw new Unsteady(`${op} of a scalar`);
    const groups = new Map<string, { labels: Record<string, string>; values: number[] }>();
    for (const s of v.vector) {
      const l = withoutName(s.labels);
      const key = keyOf(l, only, without);
      const g = groups.get(key) ?? { labels: pick(l, only, without), values: [] };
      g.values.push(s.value);
      groups.set(key, g);
    }
    const fold: Record<string, (xs: number[]) => number> = {
      sum: (xs) => xs.reduce((a, b) => a + b, 0),
      avg: (xs) => xs.reduce((a, b) => a + b, 0) / xs.length,
      min: (xs) => Math.min(...xs),
      max: (xs) => Math.max(...xs),
      count: (xs) => xs.length,
    };
    const f = fold[op];
    if (!f) throw new Unsteady(`the aggregation ${op} is not evaluated`);
    return { vector: [...groups.values()].map((g) => ({ labels: g.labels, value: f(g.values) })) };
  }

  private binary(n: SyntaxNode): Value {
    const parts = children(n);
    const lhs = parts[0]!;
    const rhs = parts[parts.length - 1]!;
    const op = parts[1]!.name;
    if (parts.some((p) => p.name === "BoolModifier")) throw new Unsteady("a bool comparison");
    const clause = parts.find((p) => p.name === "MatchingModifierClause");
    let on: string[] | undefined;
    let ignoring: string[] | undefined;
    if (clause) {
      if (clause.getChild("GroupLeft") || clause.getChild("GroupRight")) throw new Unsteady("group_left or group_right");
      const labels = children(clause.getChild("GroupingLabels")!).filter((c) => c.name === "LabelName").map((c) => text(this.q, c));
      if (clause.firstChild?.name === "On") on = labels;
      else ignoring = labels;
    }
    const a = this.eval(lhs);
    const b = this.eval(rhs);
    const key = (l: Record<string, string>) => keyOf(withoutName(l), on, ignoring);
    if (SETS.has(op)) {
      if ("scalar" in a || "scalar" in b) throw new Unsteady("a set operator on a scalar");
      // Set operators match on every label (or the `on`/`ignoring` ones), the metric name aside, and keep the samples as they are.
      const right = new Set(b.vector.map((s) => key(s.labels)));
      if (op === "And") return { vector: a.vector.filter((s) => right.has(key(s.labels))) };
      if (op === "Unless") return { vector: a.vector.filter((s) => !right.has(key(s.labels))) };
      const left = new Set(a.vector.map((s) => key(s.labels)));
      return { vector: [...a.vector, ...b.vector.filter((s) => !left.has(key(s.labels)))] };
    }
    const f = ARITH[op];
    if (!f) throw new Unsteady(`the operator ${op} is not evaluated`);
    if ("scalar" in a && "scalar" in b) return { scalar: f(a.scalar, b.scalar) };
    if ("scalar" in a) return { vector: (b as { vector: Sample[] }).vector.map((s) => ({ labels: withoutName(s.labels), value: f(a.scalar, s.value) })) };
    if ("scalar" in b) return { vector: a.vector.map((s) => ({ labels: withoutName(s.labels), value: f(s.value, b.scalar) })) };
    const right = new Map<string, Sample>();
    for (const s of b.vector) {
      const k = key(s.labels);
      if (right.has(k)) throw new Unsteady("many-to-one matching");
      right.set(k, s);
    }
    const out: Sample[] = [];
    const seen = new Set<string>();
    for (const s of a.vector) {
      const k = key(s.labels);
      const r = right.get(k);
      if (!r) continue;
      if (seen.has(k)) throw new Unsteady("many-to-one matching");
      seen.add(k);
      // One-to-one: the left side's labels, the metric name dropped, only the `on` labels kept, or the `ignoring` ones dropped.
      out.push({ labels: pick(withoutName(s.labels), on, ignoring), value: f(s.value, r.value) });
    }
    return { vector: out };
  }
}

/** `query` read once, to evaluate over many sets of series; throws Unsteady when it does not parse. */
export function steadyQuery(query: string): (series: SteadySeries[]) => Sample[] {
  const tree = parser.parse(query);
  let error = false;
  tree.iterate({
    enter: (r) => {
      if (r.type.isError) error = true;
    },
  });
  if (error) throw new Unsteady("the query does not parse");
  return (series) => {
    const v = new Evaluator(query, series).eval(tree.topNode);
    if ("scalar" in v) throw new Unsteady("a scalar query");
    return v.vector;
  };
}

/** The samples `query` returns over `series`; throws Unsteady for what this evaluator does not read. */
export function evaluateSteady(query: string, series: SteadySeries[]): Sample[] {
  return steadyQuery(query)(series);
}

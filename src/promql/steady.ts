/**
 * PromQL evaluated over steady counters: every series grows at a constant rate from one common
 * start, so `rate(x[w])` is that rate and `increase(x[w])` the rate times `w`. This is the world
 * of llmops's promtool tests, where counters start together and grow steadily, and in it the
 * ratios an SLI query computes are exact. It lets the test generator find input series for a
 * user's own query and know the labels of every series the query returns.
 *
 * Gauges are steady too: each holds one value, sampled every `step` seconds (the test's
 * interval), so `sum_over_time(g[w])` is the value times the samples in `w`, `count_over_time`
 * the number of samples, and `avg`/`min`/`max`/`last_over_time` the value. A subquery of a
 * steady expression is steady the same way: `avg_over_time(e[w:])` is `e`, and
 * `sum_over_time(e[w:r])` is `e` times the `w/r` points it sums.
 *
 * The expression is read with lezer-promql. Only what has one meaning in that world is
 * evaluated: numbers, instant selectors of gauges, `rate`/`irate`/`increase` of a counter's
 * range selector, the `*_over_time` functions of a gauge's range selector or of a subquery,
 * `vector()`, `histogram_quantile` over classic buckets, the aggregations sum, avg, min, max,
 * count and group with `by`/`without`, arithmetic and comparisons (filtering or `bool`) between
 * scalars and vectors with one-to-one `on`/`ignoring` matching, and `and`, `or`, `unless`.
 * Anything else (`rate` of a gauge, `group_left`, other functions) throws `Unsteady`: the
 * caller falls back to what it can prove without it.
 */
import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";
import { parseDuration } from "../model/duration.ts";
import { matcherHolds } from "./regex.ts";
import { readSelector } from "./selector.ts";
import { unquote } from "./query.ts";
import type { Selection } from "./types.ts";

export class Unsteady extends Error {}

/**
 * An input series: its labels (`__name__` included) and either a counter's growth per second
 * or a gauge's value; absent series are not listed.
 */
export type SteadySeries = { labels: Record<string, string>; rate: number } | { labels: Record<string, string>; value: number };
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
/** A label name of a grouping list, unquoted where Prometheus 3's UTF-8 form quotes it. */
function labelText(q: string, node: SyntaxNode): string {
  const t = text(q, node);
  return node.name === "QuotedLabelName" ? unquote(t) : t;
}

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

const RATE_FUNCTIONS = new Set(["rate", "irate", "increase"]);
const OVER_TIME: Record<string, (value: number, points: number) => number> = {
  sum_over_time: (v, n) => v * n,
  count_over_time: (_v, n) => n,
  avg_over_time: (v) => v,
  min_over_time: (v) => v,
  max_over_time: (v) => v,
  last_over_time: (v) => v,
  present_over_time: () => 1,
};

/**
 * Whether each metric of the query is a counter (read by `rate`, `irate` or `increase`) or a
 * gauge (read as an instant vector or by a `*_over_time` function); Unsteady for a metric read
 * both ways or by another range function.
 */
export function seriesKinds(query: string): Map<string, "counter" | "gauge"> {
  const out = new Map<string, "counter" | "gauge">();
  const tree = parser.parse(query);
  tree.iterate({
    enter: (r) => {
      if (r.name !== "VectorSelector") return;
      const name = selectorOf(query, r.node).series;
      let kind: "counter" | "gauge" = "gauge";
      let up = r.node.parent;
      if (up?.name === "MatrixSelector") {
        up = up.parent;
        if (up?.name === "OffsetExpr") up = up.parent;
        const fn = up?.name === "FunctionCallBody" ? up.parent?.getChild("FunctionIdentifier") : null;
        const id = fn ? query.slice(fn.from, fn.to) : "";
        if (RATE_FUNCTIONS.has(id)) kind = "counter";
        else if (!(id in OVER_TIME)) throw new Unsteady(`the range function ${id || "?"} is not evaluated`);
      }
      const had = out.get(name);
      if (had && had !== kind) throw new Unsteady(`${name} is read both as a counter and as a gauge`);
      out.set(name, kind);
    },
  });
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
      for (const c of children(r.node)) if (c.name === "LabelName" || c.name === "QuotedLabelName") out.add(labelText(query, c));
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
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  Eql: (a, b) => a === b,
  Neq: (a, b) => a !== b,
  Gtr: (a, b) => a > b,
  Lss: (a, b) => a < b,
  Gte: (a, b) => a >= b,
  Lte: (a, b) => a <= b,
};
const SETS = new Set(["And", "Or", "Unless"]);

/** Prometheus's quantile of classic buckets (cumulative counts by upper bound, made monotonic as it does). */
function bucketQuantile(q: number, buckets: { le: number; count: number }[]): number {
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const b = [...buckets].sort((x, y) => x.le - y.le);
  if (b.length < 2 || b[b.length - 1]!.le !== Infinity) return NaN;
  let max = -Infinity;
  for (const x of b) {
    if (x.count < max) x.count = max;
    max = x.count;
  }
  const total = b[b.length - 1]!.count;
  if (total === 0) return NaN;
  let rank = q * total;
  const i = b.findIndex((x) => x.count >= rank);
  if (i === b.length - 1) return b[b.length - 2]!.le;
  if (i === 0 && b[0]!.le <= 0) return b[0]!.le;
  const start = i === 0 ? 0 : b[i - 1]!.le;
  const below = i === 0 ? 0 : b[i - 1]!.count;
  rank -= below;
  return start + (b[i]!.le - start) * (rank / (b[i]!.count - below));
}

class Evaluator {
  constructor(
    private readonly q: string,
    private readonly series: SteadySeries[],
    /** Seconds between a gauge's samples, and the default resolution of a subquery. */
    private readonly step: number,
  ) {}

  private matching(vs: SyntaxNode): SteadySeries[] {
    const sel = selectorOf(this.q, vs);
    return this.series.filter((s) => s.labels.__name__ === sel.series && sel.matchers.every((mt) => matcherHolds(mt, s.labels[mt.label] ?? "")));
  }

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
      case "VectorSelector":
        return {
          vector: this.matching(n).map((s) => {
            if (!("value" in s)) throw new Unsteady("an instant selector of a counter");
            return { labels: s.labels, value: s.value };
          }),
        };
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

  private duration(n: SyntaxNode | null | undefined): number {
    const seconds = n ? parseDuration(text(this.q, n)) : undefined;
    if (seconds === undefined) throw new Unsteady("a range that is not a plain duration");
    return seconds;
  }

  private select(n: SyntaxNode): { samples: SteadySeries[]; seconds: number } {
    let m = n;
    if (m.name === "OffsetExpr") m = m.firstChild!;
    if (m.name !== "MatrixSelector") throw new Unsteady("a range function of something other than a range selector");
    const vs = m.getChild("VectorSelector");
    if (!vs) throw new Unsteady("a range selector without a selector");
    return { samples: this.matching(vs), seconds: this.duration(m.lastChild) };
  }

  /** A `*_over_time` function of a gauge's range selector or of a subquery. */
  private overTime(fn: string, arg: SyntaxNode): Value {
    const f = OVER_TIME[fn]!;
    if (arg.name === "SubqueryExpr") {
      const [inner, range, resolution] = children(arg).filter((c) => c.name !== "[" && c.name !== "]" && c.name !== ":");
      if (!inner || !range) throw new Unsteady("a subquery without a range");
      const seconds = this.duration(range);
      const every = resolution ? this.duration(resolution) : this.step;
      const v = this.eval(inner);
      if ("scalar" in v) throw new Unsteady("a subquery of a scalar");
      return { vector: v.vector.map((s) => ({ labels: withoutName(s.labels), value: f(s.value, Math.floor(seconds / every)) })) };
    }
    const { samples, seconds } = this.select(arg);
    return {
      vector: samples.map((s) => {
        if (!("value" in s)) throw new Unsteady(`${fn} of a counter`);
        return { labels: withoutName(s.labels), value: f(s.value, Math.floor(seconds / this.step)) };
      }),
    };
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
        return {
          vector: samples.map((s) => {
            if (!("rate" in s)) throw new Unsteady(`${fn} of a gauge`);
            return { labels: withoutName(s.labels), value: fn === "increase" ? s.rate * seconds : s.rate };
          }),
        };
      }
      case "histogram_quantile": {
        if (args.length !== 2) throw new Unsteady("histogram_quantile without two arguments");
        const q = this.eval(args[0]!);
        const v = this.eval(args[1]!);
        if (!("scalar" in q) || "scalar" in v) throw new Unsteady("histogram_quantile of something other than a quantile and buckets");
        const groups = new Map<string, { labels: Record<string, string>; buckets: { le: number; count: number }[] }>();
        for (const s of v.vector) {
          const le = s.labels.le;
          if (le === undefined) continue;
          const labels = pick(withoutName(s.labels), undefined, ["le"]);
          const key = keyOf(labels);
          const g = groups.get(key) ?? { labels, buckets: [] };
          g.buckets.push({ le: le === "+Inf" ? Infinity : Number(le), count: s.value });
          groups.set(key, g);
        }
        return { vector: [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q.scalar, g.buckets) })) };
      }
      case "vector": {
        const v = this.eval(args[0]!);
        if (!("scalar" in v)) throw new Unsteady("vector() of a vector");
        return { vector: [{ labels: {}, value: v.scalar }] };
      }
      default:
        if (fn in OVER_TIME) {
          if (args.length !== 1) throw new Unsteady(`${fn} with ${args.length} arguments`);
          return this.overTime(fn, args[0]!);
        }
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
      const labels = children(mod.getChild("GroupingLabels")!).filter((c) => c.name === "LabelName" || c.name === "QuotedLabelName").map((c) => labelText(this.q, c));
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
      group: () => 1,
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
    const bool = parts.some((p) => p.name === "BoolModifier");
    const clause = parts.find((p) => p.name === "MatchingModifierClause");
    let on: string[] | undefined;
    let ignoring: string[] | undefined;
    if (clause) {
      if (clause.getChild("GroupLeft") || clause.getChild("GroupRight")) throw new Unsteady("group_left or group_right");
      const labels = children(clause.getChild("GroupingLabels")!).filter((c) => c.name === "LabelName" || c.name === "QuotedLabelName").map((c) => labelText(this.q, c));
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
    const cmp = COMPARE[op];
    const arith = ARITH[op];
    if (!cmp && !arith) throw new Unsteady(`the operator ${op} is not evaluated`);
    // A comparison filters (keeping the left sample, its name too) or, with `bool`, gives 0 or 1.
    const combine = (l: Sample, lv: number, rv: number, keepName: boolean): Sample | undefined => {
      const labels = keepName ? l.labels : withoutName(l.labels);
      if (arith) return { labels, value: arith(lv, rv) };
      if (bool) return { labels: withoutName(l.labels), value: cmp!(lv, rv) ? 1 : 0 };
      return cmp!(lv, rv) ? { labels, value: l.value } : undefined;
    };
    const kept = (xs: (Sample | undefined)[]): Sample[] => xs.filter((x): x is Sample => x !== undefined);
    if ("scalar" in a && "scalar" in b) {
      if (arith) return { scalar: arith(a.scalar, b.scalar) };
      if (!bool) throw new Unsteady("a comparison of scalars without bool");
      return { scalar: cmp!(a.scalar, b.scalar) ? 1 : 0 };
    }
    if ("scalar" in a) return { vector: kept((b as { vector: Sample[] }).vector.map((s) => combine(s, a.scalar, s.value, !arith))) };
    if ("scalar" in b) return { vector: kept(a.vector.map((s) => combine(s, s.value, b.scalar, !arith))) };
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
      // One-to-one: the left side's labels, the metric name dropped, only the `on` labels kept, or
      // the `ignoring` ones dropped; a filtering comparison keeps the left sample as it is.
      if (cmp && !bool) {
        if (cmp(s.value, r.value)) out.push(s);
        continue;
      }
      const c = combine({ labels: pick(withoutName(s.labels), on, ignoring), value: s.value }, s.value, r.value, false)!;
      out.push(c);
    }
    return { vector: out };
  }
}

/** `query` read once, to evaluate over many sets of series; throws Unsteady when it does not parse. */
export function steadyQuery(query: string, step = 60): (series: SteadySeries[]) => Sample[] {
  const tree = parser.parse(query);
  let error = false;
  tree.iterate({
    enter: (r) => {
      if (r.type.isError) error = true;
    },
  });
  if (error) throw new Unsteady("the query does not parse");
  return (series) => {
    const v = new Evaluator(query, series, step).eval(tree.topNode);
    if ("scalar" in v) throw new Unsteady("a scalar query");
    return v.vector;
  };
}

/** The samples `query` returns over `series`; throws Unsteady for what this evaluator does not read. */
export function evaluateSteady(query: string, series: SteadySeries[], step = 60): Sample[] {
  return steadyQuery(query, step)(series);
}

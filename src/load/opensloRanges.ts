/**
 * OpenSLO Prometheus queries carry their own range (`rate(x[5m])`), or none at all when they
 * are counters written bare (`http_requests_total{code=~"5.."}`). To evaluate them over every
 * alert window, each range selector's duration becomes Sloth's `{{.window}}` placeholder, and
 * each bare counter selector its rate over `{{.window}}`. The query is parsed with the
 * Prometheus grammar (lezer-promql), so ranges inside strings, offsets and subquery steps are
 * never touched; the PromQL put around the user's selectors comes from `promql/build.ts`.
 */
import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";
import { counterRate, sum, WINDOW } from "../promql/build.ts";

export { WINDOW };

export type RangeTemplate = { ok: true; template: string } | { ok: false; problem: string; noRange?: true };

const parseProblem = (at: number) => `the query does not parse as PromQL at character ${at + 1}`;

/** The first error of the parse, if any. */
function errorAt(tree: ReturnType<typeof parser.parse>): number | undefined {
  let error: number | undefined;
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError && error === undefined) error = ref.from;
    },
  });
  return error;
}

export function templateRanges(query: string): RangeTemplate {
  const tree = parser.parse(query);
  const edits: { from: number; to: number }[] = [];
  let subquery = false;
  const error = errorAt(tree);
  tree.iterate({
    enter: (ref) => {
      if (ref.name === "SubqueryExpr") subquery = true;
      if (ref.name !== "MatrixSelector") return;
      // MatrixSelector → VectorSelector "[" DurationExpr "]": the duration is its last child.
      const range = ref.node.lastChild;
      if (range && range.name !== "VectorSelector") edits.push({ from: range.from, to: range.to });
    },
  });
  if (error !== undefined) return { ok: false, problem: parseProblem(error) };
  if (subquery) return { ok: false, problem: "subqueries (`[1h:5m]`) are not supported: their range cannot follow the alert windows" };
  if (!edits.length) return { ok: false, problem: "the query has no range selector (`[5m]`) to evaluate over each alert window", noRange: true };
  let out = query;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + WINDOW + out.slice(e.to);
  return { ok: true, template: out };
}

/** A selector with the modifiers written after it (`x offset 5m`, `x @ end()`): the node they make. */
function withModifiers(sel: SyntaxNode): SyntaxNode {
  let n = sel;
  while (n.parent && (n.parent.name === "OffsetExpr" || n.parent.name === "StepInvariantExpr") && n.parent.firstChild?.from === n.from) n = n.parent;
  return n;
}

/** The expression under any parentheses. */
function unwrap(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.name === "ParenExpr" && n.firstChild) n = n.firstChild;
  return n;
}

/**
 * A query of counters written without a range: each selector becomes its rate over
 * `{{.window}}` (`rate(x[{{.window}}] offset 5m)`), and a query that is one selector the sum of
 * its series, so that bad and total events are compared as wholes: `sum(rate(x[{{.window}}]))`.
 * Aggregations the user wrote (`sum by (model) (x)`) keep their grouping.
 */
export function counterRates(query: string): RangeTemplate {
  const tree = parser.parse(query);
  const error = errorAt(tree);
  if (error !== undefined) return { ok: false, problem: parseProblem(error) };
  const wraps: { from: number; selEnd: number; to: number }[] = [];
  let ranged = false;
  tree.iterate({
    enter: (ref) => {
      if (ref.name === "MatrixSelector" || ref.name === "SubqueryExpr") ranged = true;
      if (ref.name !== "VectorSelector") return undefined;
      wraps.push({ from: ref.from, selEnd: ref.to, to: withModifiers(ref.node).to });
      return false;
    },
  });
  if (ranged) return { ok: false, problem: "the query has a range selector already: its ranges follow the alert windows as written" };
  if (!wraps.length) return { ok: false, problem: "the query selects no series" };
  let out = query;
  for (const w of wraps.sort((a, b) => b.from - a.from)) {
    out = out.slice(0, w.from) + counterRate(query.slice(w.from, w.selEnd), WINDOW, query.slice(w.selEnd, w.to).trim()) + out.slice(w.to);
  }
  const top = tree.topNode.firstChild ? unwrap(tree.topNode.firstChild) : undefined;
  const single = wraps.length === 1 && top !== undefined && top.from === wraps[0]!.from && top.to === wraps[0]!.to;
  return { ok: true, template: single ? sum(out.trim()) : out };
}

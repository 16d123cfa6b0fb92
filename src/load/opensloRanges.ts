/**
 * OpenSLO Prometheus queries carry their own range (`rate(x[5m])`). To evaluate them over every
 * alert window, each range selector's duration becomes Sloth's `{{.window}}` placeholder. The
 * query is parsed with the Prometheus grammar (lezer-promql), so ranges inside strings, offsets
 * and subquery steps are never touched.
 */
import { parser } from "@prometheus-io/lezer-promql";

export type RangeTemplate = { ok: true; template: string } | { ok: false; problem: string };

export const WINDOW = "{{.window}}";

export function templateRanges(query: string): RangeTemplate {
  const tree = parser.parse(query);
  const edits: { from: number; to: number }[] = [];
  let error: number | undefined;
  let subquery = false;
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError && error === undefined) error = ref.from;
      if (ref.name === "SubqueryExpr") subquery = true;
      if (ref.name !== "MatrixSelector") return;
      // MatrixSelector → VectorSelector "[" DurationExpr "]": the duration is its last child.
      const range = ref.node.lastChild;
      if (range && range.name !== "VectorSelector") edits.push({ from: range.from, to: range.to });
    },
  });
  if (error !== undefined) return { ok: false, problem: `the query does not parse as PromQL at character ${error + 1}` };
  if (subquery) return { ok: false, problem: "subqueries (`[1h:5m]`) are not supported: their range cannot follow the alert windows" };
  if (!edits.length) return { ok: false, problem: "the query has no range selector (`[5m]`) to evaluate over each alert window" };
  let out = query;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + WINDOW + out.slice(e.to);
  return { ok: true, template: out };
}

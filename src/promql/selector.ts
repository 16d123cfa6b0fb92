/**
 * One vector selector, `http_requests_total{job="api",code=~"5.."}`, read with the Prometheus
 * grammar (lezer-promql) into the series name and matchers the builders render. Specs that
 * name a metric rather than a query (Pyrra's `metric:`) are read through here, so the PromQL
 * around it is built, not pasted.
 */
import { parser } from "@prometheus-io/lezer-promql";
import type { MatchOp, Matcher } from "./types.ts";
import type { Selection } from "./types.ts";
import { unquote } from "./query.ts";

export type SelectorRead = { ok: true; selection: Selection } | { ok: false; problem: string; hint: string };

const OPS: Record<string, MatchOp> = { EqlSingle: "=", Neq: "!=", EqlRegex: "=~", NeqRegex: "!~" };

const HINT = 'write one metric and its matchers, e.g. http_requests_total{job="api",code=~"5.."}';

/** The selection of `text`, or why it is not one plain vector selector. */
export function readSelector(text: string): SelectorRead {
  const tree = parser.parse(text);
  let error: number | undefined;
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError && error === undefined) error = ref.from;
    },
  });
  if (error !== undefined) return { ok: false, problem: `the selector does not parse as PromQL at character ${error + 1}`, hint: HINT };
  const top = tree.topNode.firstChild;
  if (!top || top.name !== "VectorSelector" || top.nextSibling) {
    return { ok: false, problem: "not a vector selector: functions, ranges, offsets and operators are added by llmops", hint: HINT };
  }
  const ident = top.getChild("Identifier");
  let name = ident ? text.slice(ident.from, ident.to) : undefined;
  const matchers: Matcher[] = [];
  let byName = false;
  const list = top.getChild("LabelMatchers");
  for (let c = list?.firstChild; c; c = c.nextSibling) {
    // Prometheus 3's UTF-8 form names the metric as a quoted string in the braces: {"gen_ai.x_bucket", le="1"}.
    if (c.name === "QuotedLabelName") {
      if (name !== undefined) return { ok: false, problem: "the selector names its metric twice", hint: HINT };
      name = unquote(text.slice(c.from, c.to));
      continue;
    }
    if (c.name !== "UnquotedLabelMatcher" && c.name !== "QuotedLabelMatcher") continue;
    const ln = c.getChild("LabelName") ?? c.getChild("QuotedLabelName");
    const label = ln ? (ln.name === "QuotedLabelName" ? unquote(text.slice(ln.from, ln.to)) : text.slice(ln.from, ln.to)) : "";
    const op = OPS[c.getChild("MatchOp")?.firstChild?.name ?? ""];
    const value = c.getChildren("StringLiteral").pop();
    if (!op || !value || !label) return { ok: false, problem: `the matcher on ${label || "a label"} is incomplete`, hint: HINT };
    if (label === "__name__") byName = true;
    matchers.push({ label, op, value: unquote(text.slice(value.from, value.to)) });
  }
  if (name === undefined) return { ok: false, problem: "the selector names no metric before its braces", hint: HINT };
  if (byName) return { ok: false, problem: "the metric is matched by __name__", hint: HINT };
  return { ok: true, selection: { series: name, matchers } };
}

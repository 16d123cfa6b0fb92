/**
 * A query of the definitions as Prometheus will read it once `{{.window}}` is filled in: it
 * parses, every regex matcher compiles under the rule DSL matchers follow, and it evaluates to
 * an instant vector of series, which a recording rule can store.
 */
import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";
import { fillWindow } from "./build.ts";
import { parseError } from "./parse.ts";
import { regexProblem } from "./regex.ts";

const ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"' };

/** The value of a PromQL string literal: Go's quoting rules, or a raw `backtick` string. */
export function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  if (literal.startsWith("`")) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (all, e: string) => {
    if (e.length === 1) return ESCAPES[e] ?? all;
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return String.fromCodePoint(parseInt(e.slice(1), 16));
  });
}

/** The expression under any parentheses. */
function unwrap(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.name === "ParenExpr" && n.firstChild) n = n.firstChild;
  return n;
}

export interface QueryProblem {
  what: string;
  hint: string;
}

/** Why the expression is not what a rule can record, and a hint, or undefined. */
export function queryProblem(expr: string): QueryProblem | undefined {
  const parsed = parseError(expr);
  if (parsed) return { what: parsed, hint: "the query must be PromQL once {{.window}} is replaced by a duration such as 5m" };
  const tree = parser.parse(expr);
  let selectors = 0;
  let problem: string | undefined;
  tree.iterate({
    enter: (ref) => {
      if (problem) return false;
      if (ref.name === "VectorSelector") selectors++;
      if (ref.name !== "UnquotedLabelMatcher" && ref.name !== "QuotedLabelMatcher") return undefined;
      const op = ref.node.getChild("MatchOp")?.firstChild?.name;
      if (op !== "EqlRegex" && op !== "NeqRegex") return false;
      const value = ref.node.getChildren("StringLiteral").pop();
      if (!value) return false;
      const pattern = unquote(expr.slice(value.from, value.to));
      const why = regexProblem(pattern);
      if (why) problem = `the regex ${JSON.stringify(pattern)} ${why}`;
      return false;
    },
  });
  if (problem) return { what: problem, hint: "Prometheus matches the whole value with RE2 syntax: escape ( ) [ ] . * + ? with a backslash to match them literally" };
  const top = tree.topNode.firstChild ? unwrap(tree.topNode.firstChild) : undefined;
  if (!selectors) return { what: "the query selects no series", hint: "count events of a metric over the window, e.g. sum(rate(llm_requests_total[{{.window}}]))" };
  if (top && (top.name === "MatrixSelector" || top.name === "SubqueryExpr")) {
    return { what: "the query is a range vector, which a rule cannot record", hint: "apply a function over the range, e.g. rate(x[{{.window}}]) rather than x[{{.window}}]" };
  }
  return undefined;
}

/** `queryProblem` of a query written with Sloth's `{{.window}}` placeholder, a duration standing in for it. */
export function windowedQueryProblem(template: string): QueryProblem | undefined {
  return queryProblem(fillWindow(template, "5m"));
}

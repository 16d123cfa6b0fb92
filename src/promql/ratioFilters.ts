/**
 * Dashboard variables applied to one side of a division only: `$department` on cost but not on
 * requests makes "cost per request" one department's spend over every request. Read with
 * lezer-promql, over the panel's query with Grafana's interval macros stood in by a duration.
 */
import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";
import { substituteBuiltins, variableRefs } from "./grafanaVariables.ts";

/** The `$variables` the selectors under `node` filter by. */
function variablesUnder(q: string, node: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const c = node.cursor();
  const end = node.to;
  do {
    if (c.from >= end) break;
    if (c.name === "LabelMatcher" || c.name === "UnquotedLabelMatcher" || c.name === "QuotedLabelMatcher") {
      for (const v of variableRefs(q.slice(c.from, c.to))) out.add(v);
    }
  } while (c.next());
  return out;
}

export interface OneSided {
  /** The division's text. */
  division: string;
  /** Variables only the numerator takes, then only the denominator. */
  numeratorOnly: string[];
  denominatorOnly: string[];
}

/** Every division of `query` whose two sides are filtered by different dashboard variables. */
export function oneSidedFilters(query: string): OneSided[] {
  // Only a division with a variable in a label matcher can be one-sided: skip the parse of the rest.
  if (!query.includes("/") || !/"\$\{?\w/.test(query)) return [];
  const q = substituteBuiltins(query);
  const out: OneSided[] = [];
  parser.parse(q).iterate({
    enter: (r) => {
      if (r.name !== "BinaryExpr") return;
      const parts: SyntaxNode[] = [];
      for (let ch = r.node.firstChild; ch; ch = ch.nextSibling) parts.push(ch);
      if (parts[1]?.name !== "Div") return;
      const a = variablesUnder(q, parts[0]!);
      const b = variablesUnder(q, parts[parts.length - 1]!);
      const numeratorOnly = [...a].filter((v) => !b.has(v));
      const denominatorOnly = [...b].filter((v) => !a.has(v));
      if (numeratorOnly.length || denominatorOnly.length) out.push({ division: q.slice(r.from, r.to), numeratorOnly, denominatorOnly });
    },
  });
  return out;
}

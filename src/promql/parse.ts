/** PromQL read with the Prometheus project's own grammar (lezer-promql), never with regexes. */
import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";

export interface SelectorUse {
  /** Metric name, or undefined for `{__name__=…}`-style selectors. */
  name?: string;
  labels: string[];
  /** The range function applied directly to this selector (`rate`, `increase`, …), if any. */
  rangeFn?: string;
  from: number;
  to: number;
}

export interface Analysis {
  /** Character offsets where the grammar could not continue. */
  errors: number[];
  selectors: SelectorUse[];
}

function enclosingFunction(node: SyntaxNode, text: string): string | undefined {
  // VectorSelector → MatrixSelector → FunctionCallBody → FunctionCall
  const matrix = node.parent;
  if (matrix?.name !== "MatrixSelector") return undefined;
  const body = matrix.parent;
  if (body?.name !== "FunctionCallBody") return undefined;
  const ident = body.parent?.getChild("FunctionIdentifier");
  return ident ? text.slice(ident.from, ident.to) : undefined;
}

export function analyze(expr: string): Analysis {
  const tree = parser.parse(expr);
  const errors: number[] = [];
  const selectors: SelectorUse[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) errors.push(ref.from);
      if (ref.name !== "VectorSelector") return;
      const node = ref.node;
      const ident = node.getChild("Identifier");
      let name = ident ? expr.slice(ident.from, ident.to) : undefined;
      const labels: string[] = [];
      const ms = node.getChild("LabelMatchers");
      if (ms) {
        for (let c = ms.firstChild; c; c = c.nextSibling) {
          // {"utf8.metric_name", …}: the quoted name stands alone in the braces.
          if (c.name === "QuotedLabelName") {
            name = expr.slice(c.from, c.to).replace(/^"|"$/g, "");
            continue;
          }
          const ln = c.getChild("LabelName") ?? c.getChild("QuotedLabelName");
          if (ln) labels.push(expr.slice(ln.from, ln.to).replace(/^"|"$/g, ""));
        }
      }
      const fn = enclosingFunction(node, expr);
      selectors.push({
        ...(name !== undefined ? { name } : {}),
        labels,
        ...(fn ? { rangeFn: fn } : {}),
        from: node.from,
        to: node.to,
      });
    },
  });
  return { errors, selectors };
}

/** A short description of the first parse error, or undefined when the expression parses. */
export function parseError(expr: string): string | undefined {
  const { errors } = analyze(expr);
  if (!errors.length) return undefined;
  const at = errors[0]!;
  const near = expr.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, " ");
  return `PromQL does not parse at character ${at + 1} (near "${near}")`;
}

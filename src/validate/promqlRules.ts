/** Every rule expression parses, and names only metrics of the catalog or recorded by our rules. */
import { join } from "node:path";
import { readFileSync, existsSync } from "node:fs";
import { parse } from "yaml";
import { catalogSeries } from "../vocabulary/conventions.ts";
import { analyze, parseError } from "../promql/parse.ts";
import { fail, pass, type Check, type CheckResult } from "./types.ts";
import { listFiles } from "../write/index.ts";
import { fillWindow } from "../promql/build.ts";
import type { Model } from "../model/types.ts";

/** Metrics the user named on purpose in raw SLI queries (Sloth, OpenSLO, sli.raw, measure queries). */
function queriedMetrics(model: Model): string[] {
  const templates = model.services.flatMap((s) =>
    s.slos.flatMap((slo) => (slo.sli.kind === "raw" ? [slo.sli.template] : slo.sli.kind === "timeslice" && slo.sli.measure.kind === "query" ? [slo.sli.measure.template] : [])),
  );
  return templates.flatMap((t) => analyze(fillWindow(t, "5m")).selectors.flatMap((s) => (s.name ? [s.name] : [])));
}

interface RuleFile {
  groups?: { name: string; rules?: { record?: string; alert?: string; expr?: string }[] }[];
}

/** Rule files inside the output, in any of the layouts llmops writes. */
export function ruleFilesIn(outDir: string): string[] {
  return listFiles(outDir).filter((f) => /^prometheus\/rules\/.*\.ya?ml$/.test(f));
}

export const promqlRules: Check = (ctx) => {
  const results: CheckResult[] = [];
  const known = new Set([...catalogSeries(ctx.model.conventions).keys(), ...queriedMetrics(ctx.model)]);
  const files = ruleFilesIn(ctx.outDir);
  const docs = files.map((f) => ({ f, doc: parse(readFileSync(join(ctx.outDir, f), "utf8")) as RuleFile }));
  for (const { doc } of docs) for (const g of doc.groups ?? []) for (const r of g.rules ?? []) if (r.record) known.add(r.record);
  for (const { f, doc } of docs) {
    const problems: string[] = [];
    let count = 0;
    for (const g of doc.groups ?? []) {
      for (const r of g.rules ?? []) {
        count++;
        const name = `${g.name}/${r.record ?? r.alert}`;
        const expr = r.expr ?? "";
        const err = parseError(expr);
        if (err) {
          problems.push(`${name}: ${err}`);
          continue;
        }
        for (const s of analyze(expr).selectors) {
          if (s.name && !known.has(s.name)) problems.push(`${name}: metric "${s.name}" is neither in the "${ctx.model.conventions.name}" conventions nor recorded by a rule`);
        }
      }
    }
    results.push(problems.length ? fail("promql", f, problems.join("\n")) : pass("promql", f, `${count} expressions parse and name known metrics`));
  }
  if (!files.length && existsSync(ctx.outDir)) results.push(pass("promql", "prometheus/rules", "no rule files"));
  return results;
};

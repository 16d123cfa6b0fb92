/**
 * Rules inside other outputs: the groups of each PrometheusRule (`spec.groups`) and Mimir ruler
 * file (`groups`) go through the real `promtool check rules`, and no group may exceed Mimir's
 * default of 20 rules.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { MAX_RULES_PER_GROUP } from "../compile/prometheus/rule.ts";
import { listFiles } from "../write/index.ts";
import { pool } from "../exec.ts";
import { checkRulesProblem, countRules } from "./promtool.ts";
import { refusal } from "./tools.ts";
import { fail, pass, type Check, type CheckResult } from "./types.ts";

interface Groups {
  groups?: { name?: string; rules?: unknown[] }[];
}

/** Where each layout keeps its groups. */
const LAYOUTS: { pattern: RegExp; field: string; groups: (doc: unknown) => Groups["groups"] }[] = [
  { pattern: /^kubernetes\/prometheusrule-.*\.ya?ml$/, field: "spec.groups", groups: (d) => (d as { spec?: Groups } | null)?.spec?.groups },
  { pattern: /^mimir\/.*\.ya?ml$/, field: "groups", groups: (d) => (d as Groups | null)?.groups },
];

export const embeddedRules: Check = async (ctx) => {
  const files = listFiles(ctx.outDir).flatMap((f) => {
    const layout = LAYOUTS.find((l) => l.pattern.test(f));
    return layout ? [{ f, layout }] : [];
  });
  if (!files.length) return [];
  const promtool = ctx.tool("promtool");
  const tmp = mkdtempSync(join(tmpdir(), "llmops-rules-"));
  try {
    return await pool(files, 2, async ({ f, layout }): Promise<CheckResult> => {
      const check = `promtool check rules (${layout.field})`;
      let groups: Groups["groups"];
      try {
        groups = layout.groups(parse(readFileSync(join(ctx.outDir, f), "utf8")));
      } catch (e) {
        return fail(check, f, `not YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      }
      if (!Array.isArray(groups)) return fail(check, f, `no ${layout.field} list`);
      const big = groups.filter((g) => (g.rules?.length ?? 0) > MAX_RULES_PER_GROUP);
      if (big.length) return fail(check, f, big.map((g) => `group ${g.name}: ${g.rules!.length} rules, more than ${MAX_RULES_PER_GROUP}`).join("\n"));
      const extracted = join(tmp, f.replace(/\//g, "__"));
      const text = stringify({ groups }, { lineWidth: 0 });
      writeFileSync(extracted, text);
      const a = await promtool.call({ sub: "check rules", args: ["check", "rules", extracted], file: f, bytes: Buffer.byteLength(text) });
      if (!a.ok) return fail(check, f, a.problem);
      const out = a.out.split(extracted).join(f);
      if (a.result.code !== 0) return fail(check, f, refusal(a.result).split(extracted).join(f));
      const rules = countRules({ groups });
      const problem = checkRulesProblem(out, rules);
      return problem ? fail(check, f, problem) : pass(check, f, `${rules} rules in ${groups.length} groups of at most ${MAX_RULES_PER_GROUP}`);
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
};

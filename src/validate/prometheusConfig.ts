/** `promtool check config` on the stack's prometheus.yml; it also checks the rule files it names. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PATHS } from "../compile/stack/layout.ts";
import { ruleFilesIn } from "./promqlRules.ts";
import { printed, refusal } from "./tools.ts";
import { fail, pass, type Check } from "./types.ts";
import { regexLiteral } from "../promql/regex.ts";


/**
 * What is wrong with a `check config` answer that exited 0, or undefined when it is right:
 * promtool 2.x and 3.x say ` SUCCESS: PATH is valid prometheus config file syntax` and, for a
 * config with rule files, `SUCCESS: N rule files found` (N after expanding globs, so only a
 * list without globs is counted here).
 */
export function checkConfigProblem(out: string, path: string, ruleFiles: string[]): string | undefined {
  if (/FAILED/.test(out) || !new RegExp(`^\\s*SUCCESS: ${regexLiteral(path)} is valid prometheus config file syntax\\s*$`, "m").test(out)) {
    return `promtool exited 0 but did not report "SUCCESS: ${path} is valid prometheus config file syntax"; ${printed(out)}`;
  }
  if (ruleFiles.length && !ruleFiles.some((f) => /[*?[]/.test(f))) {
    const m = /^\s*SUCCESS: (\d+) rule files found\s*$/m.exec(out);
    if (!m || Number(m[1]) !== ruleFiles.length) return `promtool did not report the ${ruleFiles.length} rule files the config names; ${printed(out)}`;
  }
  return undefined;
}

export const promtoolCheckConfig: Check = async (ctx) => {
  const file = PATHS.prometheusConfig;
  const path = join(ctx.outDir, file);
  if (!existsSync(path)) return [];
  const promtool = ctx.tool("promtool");
  const text = readFileSync(path, "utf8");
  const ruleFiles = ((parse(text) as { rule_files?: unknown } | null)?.rule_files ?? []) as string[];
  // It reads every rule file too, so they count towards its time.
  const bytes = Buffer.byteLength(text) + ruleFilesIn(ctx.outDir).reduce((n, f) => n + statSync(join(ctx.outDir, f)).size, 0);
  // rule_files are relative to prometheus.yml, and promtool resolves them so from any cwd.
  const a = await promtool.call({ sub: "check config", args: ["check", "config", path], file, bytes });
  if (!a.ok) return [fail("promtool check config", file, a.problem)];
  if (a.result.code !== 0) return [fail("promtool check config", file, refusal(a.result))];
  const problem = checkConfigProblem(a.out, path, Array.isArray(ruleFiles) ? ruleFiles : []);
  return [problem ? fail("promtool check config", file, problem) : pass("promtool check config", file, ruleFiles.length ? `${ruleFiles.length} rule files` : "ok")];
};

/**
 * The real promtool: `check rules` on every rule file, `test rules` on every test file. An exit
 * status of 0 is not enough: promtool must also say what a real promtool says of that file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { listFiles } from "../write/index.ts";
import { pool } from "../exec.ts";
import { ruleFilesIn } from "./promqlRules.ts";
import { printed, refusal } from "./tools.ts";
import { fail, pass, type Check } from "./types.ts";
import { regexLiteral } from "../promql/regex.ts";


/** Rules in a rule file's groups, as promtool counts them. */
export function countRules(doc: unknown): number {
  const groups = (doc as { groups?: { rules?: unknown[] }[] } | null)?.groups ?? [];
  return groups.reduce((n, g) => n + (g.rules?.length ?? 0), 0);
}

/**
 * What is wrong with a `check rules` answer that exited 0, or undefined when it is right:
 * promtool 2.x and 3.x print `SUCCESS: N rules found` for each file, N counting every rule.
 */
export function checkRulesProblem(out: string, rules: number): string | undefined {
  const found = [...out.matchAll(/^\s*SUCCESS: (\d+) rules found\s*$/gm)];
  if (found.length !== 1 || /FAILED/.test(out)) return `promtool exited 0 but did not report "SUCCESS: ${rules} rules found"; ${printed(out)}`;
  const n = Number(found[0]![1]);
  if (n !== rules) return `promtool reported ${n} rules, but the file holds ${rules}; ${printed(out)}`;
  return undefined;
}

/**
 * What is wrong with a `test rules` answer that exited 0, or undefined when it is right: SUCCESS
 * and no FAILED, under the `Unit Testing:  FILE` header when this promtool prints one (2.x
 * does, 3.x does not; `header` says whether it printed one for its canary).
 */
export function testRulesProblem(out: string, file: string, header: boolean): string | undefined {
  if (/FAILED/.test(out) || !/^\s*SUCCESS\s*$/m.test(out)) return `promtool exited 0 but did not report SUCCESS; ${printed(out)}`;
  if (header && !new RegExp(`^Unit Testing:\\s+${regexLiteral(file)}\\s*$`, "m").test(out)) return `promtool did not print its "Unit Testing: ${file}" header, so the SUCCESS is not about this file; ${printed(out)}`;
  return undefined;
}

export const printsHeader = (canaryOut: string) => /^Unit Testing:\s+\S/m.test(canaryOut);

export const promtoolCheckRules: Check = async (ctx) => {
  const files = ruleFilesIn(ctx.outDir);
  if (!files.length) return [];
  const promtool = ctx.tool("promtool");
  return pool(files, 2, async (f) => {
    const text = readFileSync(join(ctx.outDir, f), "utf8");
    const a = await promtool.call({ sub: "check rules", args: ["check", "rules", join(ctx.outDir, f)], file: f, bytes: Buffer.byteLength(text) });
    if (!a.ok) return fail("promtool check rules", f, a.problem);
    if (a.result.code !== 0) return fail("promtool check rules", f, refusal(a.result));
    const rules = countRules(parse(text));
    const problem = checkRulesProblem(a.out, rules);
    return problem ? fail("promtool check rules", f, problem) : pass("promtool check rules", f, `${rules} rules`);
  });
};

export const promtoolTestRules: Check = async (ctx) => {
  const files = listFiles(ctx.outDir).filter((f) => /^prometheus\/tests\/.*\.ya?ml$/.test(f));
  if (!files.length) return [];
  const promtool = ctx.tool("promtool");
  return pool(files, 2, async (f) => {
    const text = readFileSync(join(ctx.outDir, f), "utf8");
    const cases = (parse(text) as { tests?: unknown[] } | null)?.tests?.length ?? 0;
    if (!cases) return fail("promtool test rules", f, "the file has no test cases: promtool reports SUCCESS on a file that tests nothing");
    // Test files name their rule files relative to themselves; promtool resolves them from the cwd.
    const name = f.split("/").pop()!;
    const a = await promtool.call({ sub: "test rules", args: ["test", "rules", name], cwd: join(ctx.outDir, f, ".."), file: f, bytes: Buffer.byteLength(text), testCases: cases });
    if (!a.ok) return fail("promtool test rules", f, a.problem);
    if (a.result.code !== 0) return fail("promtool test rules", f, refusal(a.result));
    const problem = testRulesProblem(a.out, name, printsHeader(a.canaryOut));
    return problem ? fail("promtool test rules", f, problem) : pass("promtool test rules", f, `${cases} test cases passed`);
  });
};

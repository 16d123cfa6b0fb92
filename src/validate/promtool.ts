/** The real promtool: `check rules` on every rule file, `test rules` on every test file. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { listFiles } from "../write/index.ts";
import { pool, run } from "./exec.ts";
import { ruleFilesIn } from "./promqlRules.ts";
import { fail, pass, type Check } from "./types.ts";

const tail = (s: string) => s.trim().split("\n").slice(-15).join("\n");

export const promtoolCheckRules: Check = async (ctx) => {
  const files = ruleFilesIn(ctx.outDir);
  if (!files.length) return [];
  const promtool = ctx.tool("promtool");
  return pool(files, 2, async (f) => {
    const r = await run(promtool, ["check", "rules", join(ctx.outDir, f)]);
    const out = (r.stdout + r.stderr).trim();
    const m = /SUCCESS: (\d+) rules found/.exec(out);
    return r.code === 0 ? pass("promtool check rules", f, m ? `${m[1]} rules` : "ok") : fail("promtool check rules", f, tail(out));
  });
};

export const promtoolTestRules: Check = async (ctx) => {
  const files = listFiles(ctx.outDir).filter((f) => /^prometheus\/tests\/.*\.ya?ml$/.test(f));
  if (!files.length) return [];
  const promtool = ctx.tool("promtool");
  return pool(files, 2, async (f) => {
    // Test files name their rule files relative to themselves; promtool resolves them from the cwd.
    const dir = join(ctx.outDir, f, "..");
    const r = await run(promtool, ["test", "rules", f.split("/").pop()!], { cwd: dir });
    const out = (r.stdout + r.stderr).trim();
    const cases = (parse(readFileSync(join(ctx.outDir, f), "utf8")) as { tests?: unknown[] } | null)?.tests?.length ?? 0;
    return r.code === 0 ? pass("promtool test rules", f, `${cases} test cases passed`) : fail("promtool test rules", f, tail(out));
  });
};

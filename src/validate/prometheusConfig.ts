/** `promtool check config` on the stack's prometheus.yml; it also checks the rule files it names. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PATHS } from "../compile/stack/layout.ts";
import { run } from "./exec.ts";
import { fail, pass, type Check } from "./types.ts";

const tail = (s: string) => s.trim().split("\n").slice(-15).join("\n");

export const promtoolCheckConfig: Check = async (ctx) => {
  const file = PATHS.prometheusConfig;
  if (!existsSync(join(ctx.outDir, file))) return [];
  const promtool = ctx.tool("promtool");
  // rule_files are relative to prometheus.yml, and promtool resolves them so from any cwd.
  const r = await run(promtool, ["check", "config", join(ctx.outDir, file)]);
  const out = (r.stdout + r.stderr).trim();
  const rules = /SUCCESS: (\d+) rule files found/.exec(out);
  return [r.code === 0 ? pass("promtool check config", file, rules ? `${rules[1]} rule files` : "ok") : fail("promtool check config", file, tail(out))];
};

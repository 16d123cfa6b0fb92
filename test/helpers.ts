/** Test helpers: run the real CLI, make temp definition folders. */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { UserError } from "../src/errors.ts";
import { findTool } from "../src/validate/tools.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = join(ROOT, "bin", "llmops.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((res) => {
    execFile(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      res({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export function tempDir(prefix = "llmops-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A definitions folder holding `index.ts` (and any other files given). */
export function definitionsDir(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** A minimal project around the given services source. */
export function project(services: string, conventions = "presets.lab()"): string {
  return `import { alert, defineProject, presets, service, sli, slo } from "llmops";
export default defineProject({
  name: "test",
  conventions: ${conventions},
  services: ${services},
});
`;
}

/** The UserError `load` throws; fails the test if it throws something else or accepts the input. */
export function refusedBy(load: () => unknown): UserError {
  try {
    load();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error("accepted");
}

/**
 * The rule groups of these rule files in file order, for a promtool test's group_eval_order.
 * Without it promtool evaluates the groups of one step in Go's map order, which differs from
 * run to run: a rule that reads another group's recording at the same step then sees it or
 * not by chance (with an evaluation interval longer than the 5m lookback, not at all).
 */
export function groupEvalOrder(...ruleFiles: string[]): string[] {
  return ruleFiles.flatMap((f) => ((parse(readFileSync(f, "utf8")) as { groups?: { name: string }[] }).groups ?? []).map((g) => g.name));
}

export interface ExprGroup {
  input_series: { series: string; values: string }[];
  promql_expr_test: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

/** PromQL expression tests run by the real promtool over these series, with no rules (groups at a 1m interval). */
export function promtoolExprTests(groups: ExprGroup[]): { status: number | null; out: string } {
  const dir = tempDir();
  writeFileSync(join(dir, "empty.yaml"), "groups: []\n");
  const file = join(dir, "t.yaml");
  writeFileSync(file, stringify({ rule_files: [join(dir, "empty.yaml")], evaluation_interval: "1m", tests: groups.map((g) => ({ interval: "1m", ...g })) }));
  const r = spawnSync(findTool("promtool"), ["test", "rules", file], { encoding: "utf8", timeout: 120_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

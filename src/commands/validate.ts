import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { ExitCode, UserError } from "../errors.ts";
import { CHECKS } from "../validate/index.ts";
import { toolTimeoutOverride } from "../validate/deadline.ts";
import { findTool, Tool, toolMajorVersion, ToolTooOldError } from "../validate/tools.ts";
import { keepsUtf8 } from "../vocabulary/translation.ts";
import type { CheckResult, ValidateContext } from "../validate/types.ts";
import { build } from "./build.ts";

export interface ValidateOptions {
  definitions: string;
  out: string;
  promtool?: string;
  amtool?: string;
  /** Seconds every promtool/amtool call may take, instead of the limit scaled to its file. */
  toolTimeout?: string;
  /** As generate's: validate compares with what generate would write. */
  defaultWindow?: string;
}

export interface ValidateReport {
  command: "validate";
  ok: boolean;
  out: string;
  checks: CheckResult[];
  timings: { totalMs: number };
}

export async function validate(opts: ValidateOptions): Promise<{ code: number; report: ValidateReport }> {
  const t0 = performance.now();
  const override = toolTimeoutOverride(opts.toolTimeout);
  const { model, artifacts } = await build(opts.definitions, opts.out, opts.defaultWindow);
  if (!existsSync(resolve(opts.out))) {
    throw new UserError({ file: opts.out }, "the output directory does not exist", "run `llmops generate` first");
  }
  // UTF-8 names only parse in Prometheus 3: an older promtool would reject every rule file.
  const translation = model.conventions.translation;
  if (keepsUtf8(translation)) {
    const path = findTool("promtool", opts.promtool);
    const v = await toolMajorVersion(path);
    if (v && v.major < 3) throw new ToolTooOldError(path, v.version, translation);
  }
  const tools = new Map<string, Tool>();
  const ctx: ValidateContext = {
    outDir: resolve(opts.out),
    model,
    artifacts,
    tool: (name) => {
      if (!tools.has(name)) tools.set(name, new Tool(name, findTool(name, opts[name]), override));
      return tools.get(name)!;
    },
  };
  const checks: CheckResult[] = [];
  for (const check of CHECKS) checks.push(...(await check(ctx)));
  const ok = checks.every((c) => c.status === "pass");
  return {
    code: ok ? ExitCode.ok : ExitCode.checkFailed,
    report: { command: "validate", ok, out: opts.out, checks, timings: { totalMs: Math.round(performance.now() - t0) } },
  };
}

export function formatValidate(r: ValidateReport): string {
  const width = Math.max(0, ...r.checks.map((c) => c.check.length));
  const lines = r.checks.map((c) => {
    const head = `${c.status === "pass" ? "ok  " : "FAIL"}  ${c.check.padEnd(width)}  ${c.file}`;
    return c.status === "pass" ? `${head}  ${c.message}` : `${head}\n${c.message.replace(/^/gm, "        ")}`;
  });
  const failed = r.checks.filter((c) => c.status === "fail").length;
  lines.push(failed ? `validate: ${failed} of ${r.checks.length} checks failed` : `validate: all ${r.checks.length} checks passed`);
  return lines.join("\n");
}

import { ExitCode } from "../errors.ts";
import { diff, isClean, writeAll, type Drift } from "../write/index.ts";
import { build } from "./build.ts";

export interface GenerateOptions {
  definitions: string;
  out: string;
  check: boolean;
}

export interface GenerateReport {
  command: "generate";
  ok: boolean;
  check: boolean;
  out: string;
  files: string[];
  written: string[];
  drift: Drift;
  warnings: string[];
  timings: { loadCompileMs: number; writeMs: number };
}

export async function generate(opts: GenerateOptions): Promise<{ code: number; report: GenerateReport }> {
  const t0 = performance.now();
  const { model, artifacts } = await build(opts.definitions, opts.out);
  const t1 = performance.now();
  const drift = diff(opts.out, artifacts);
  const clean = isClean(drift);
  let written: string[] = [];
  if (!opts.check && !clean) {
    writeAll(opts.out, artifacts);
    written = [...drift.missing, ...drift.stale];
  }
  const report: GenerateReport = {
    command: "generate",
    ok: opts.check ? clean : true,
    check: opts.check,
    out: opts.out,
    files: artifacts.map((a) => a.path),
    written,
    drift,
    warnings: model.warnings,
    timings: { loadCompileMs: Math.round(t1 - t0), writeMs: Math.round(performance.now() - t1) },
  };
  return { code: report.ok ? ExitCode.ok : ExitCode.checkFailed, report };
}

export function formatGenerate(r: GenerateReport): string {
  const lines = r.warnings.map((w) => `warning: ${w}`);
  if (r.check) {
    if (r.ok) lines.push(`${r.out}/ is up to date (${r.files.length} files)`);
    else {
      lines.push(`${r.out}/ is out of date; run \`llmops generate\`:`);
      for (const p of r.drift.stale) lines.push(`  stale    ${p}`);
      for (const p of r.drift.missing) lines.push(`  missing  ${p}`);
      for (const p of r.drift.extra) lines.push(`  extra    ${p}`);
    }
  } else {
    const removed = r.drift.extra.length;
    lines.push(
      `generated ${r.files.length} files in ${r.out}/ (${r.written.length} written, ${removed} removed, ${r.files.length - r.written.length} unchanged)`,
    );
  }
  return lines.join("\n");
}

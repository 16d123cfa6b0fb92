import { compileEach } from "../compile/index.ts";
import { ExitCode } from "../errors.ts";
import { isClean, updateTree, type Drift } from "../write/index.ts";
import { PACKAGE_DIR } from "../paths.ts";
import { loadModel } from "./build.ts";

export interface GenerateOptions {
  definitions: string;
  out: string;
  check: boolean;
  /** The period of SLOs that give no window (`--default-window`), over the project's `defaultWindow`. */
  defaultWindow?: string;
}

export interface GenerateReport {
  command: "generate";
  ok: boolean;
  check: boolean;
  out: string;
  files: string[];
  written: string[];
  drift: Drift;
  /** Files in the output folder that llmops did not write: left as they are. */
  kept: string[];
  warnings: string[];
  timings: { loadMs: number; compileWriteMs: number };
}

export async function generate(opts: GenerateOptions): Promise<{ code: number; report: GenerateReport }> {
  const t0 = performance.now();
  const { model, entry } = await loadModel(opts.definitions, opts.out, opts.defaultWindow);
  const t1 = performance.now();
  // Each file is compared (and, unless --check, written) as soon as it is made.
  const { files, written, drift, kept } = await updateTree(opts.out, !opts.check, (emit) => compileEach(model, emit), {
    protect: [
      { path: process.cwd(), name: "the current folder" },
      { path: opts.definitions, name: "the definitions" },
      { path: entry, name: "the definitions" },
      { path: PACKAGE_DIR, name: "llmops itself" },
    ],
    onWait: (holder) => process.stderr.write(`waiting: ${holder} is writing ${opts.out}/\n`),
  });
  const report: GenerateReport = {
    command: "generate",
    ok: opts.check ? isClean(drift) : true,
    check: opts.check,
    out: opts.out,
    files,
    written,
    drift,
    kept,
    warnings: model.warnings,
    timings: { loadMs: Math.round(t1 - t0), compileWriteMs: Math.round(performance.now() - t1) },
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
  // --check keeps quiet about them: they are no drift, and CI logs need only what is.
  if (r.kept.length && !r.check) {
    lines.push(`kept ${r.kept.length} file${r.kept.length === 1 ? "" : "s"} llmops did not write:`);
    for (const p of r.kept) lines.push(`  kept     ${p}`);
  }
  return lines.join("\n");
}

/** The CLI under a deadline, and what every refused definition must look like. */
import { execFile } from "node:child_process";
import { expect } from "vitest";
import { CLI, ROOT, type CliResult } from "../helpers.ts";

export interface TimedResult extends CliResult {
  ms: number;
}

/** Runs the real CLI; a run past `withinMs` is killed and fails the test that awaits it. */
export function cliWithin(withinMs: number, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TimedResult> {
  const t0 = Date.now();
  return new Promise((res) => {
    execFile(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, maxBuffer: 64 << 20, timeout: withinMs, killSignal: "SIGKILL" }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : err.killed ? -1 : 1) : 0;
      res({ code, stdout: String(stdout), stderr: String(stderr), ms: Date.now() - t0 });
    });
  });
}

/** Exit 2, `error: <where>: <what>`, a hint, and nothing of a stack trace or of llmops' own code. */
export function expectRefused(r: TimedResult, where: string | RegExp, what: RegExp): void {
  expect(r.code, `exit code (stderr: ${r.stderr.slice(0, 2000)})`).toBe(2);
  const first = r.stderr.split("\n")[0]!;
  if (typeof where === "string") expect(first).toContain(where);
  else expect(first).toMatch(where);
  expect(first).toMatch(what);
  expect(r.stderr).toMatch(/\n {2}hint: \S/);
  expectNoTrace(r.stderr);
}

export function expectNoTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/llmops\.cjs|node_modules|node:internal/);
  expect(stderr.length).toBeLessThan(2000);
}

/**
 * One definitions case: generate into a copy of a real output folder (and, for some, into
 * none), then check the exit code, the message, the folder's fingerprint and what is left
 * beside it; accepted input whose outcome is not documented must also pass validate.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DefCase } from "./cases.ts";
import { leftovers, runCli, sameTree, treeDiff, treeState, type Run } from "./exec.ts";
import { copyTree, remove, sandbox, writeFiles } from "./sandbox.ts";
import { messageProblems, runProblems, type Problem, type Result } from "./verdict.ts";

export interface DefOptions {
  /** An output folder llmops generated: copied in as the `--out` every case must leave alone. */
  baseline: string;
  /** Also run bad cases with `--out` absent (it must stay absent). */
  absentToo: boolean;
  /** Validate what `either` cases generate. */
  validateAccepted: boolean;
}

const VALIDATE_LIMITS = { wallMs: 180_000, rssMb: 2048 };

function refused(c: DefCase, r: Run, before: Map<string, string>, after: Map<string, string>, out: string): Problem[] {
  const p: Problem[] = [];
  if (r.code === 0) p.push({ kind: "accepted", detail: "exit 0 for bad input" });
  else if (r.code === 1 || r.code === 3) p.push({ kind: "wrong-exit", detail: `exit ${r.code} for bad input: ${r.stderr.trim().split("\n")[0]?.slice(0, 160)}` });
  if (r.code === 2) p.push(...messageProblems(r, c.file, c.field, c.says));
  if (r.code !== 0 && !sameTree(before, after)) p.push({ kind: "touched", detail: `${out}: ${treeDiff(before, after).join(", ")}` });
  return p;
}

export async function runDefCase(c: DefCase, o: DefOptions): Promise<Result> {
  const box = sandbox();
  try {
    writeFiles(join(box, "defs"), c.files);
    const out = join(box, "out");
    copyTree(o.baseline, out);
    const before = treeState(out);
    const args = ["generate", "--definitions", c.definitions ?? "defs", "--out", "out"];
    const r = await runCli(args, { cwd: box });
    const after = treeState(out);
    const problems: Problem[] = runProblems(r);
    const left = leftovers(box, "out");
    if (left.length) problems.push({ kind: "leftover", detail: left.join(", ") });
    if (!existsSync(out)) problems.push({ kind: "absent", detail: "the output folder is gone" });
    const bad = c.expect === "bad" || (c.expect === "either" && r.code !== 0);
    if (bad) problems.push(...refused(c, r, before, after, "out"));
    else if (r.code !== 0) problems.push({ kind: "rejected", detail: `exit ${r.code} for valid input: ${r.stderr.trim().split("\n")[0]?.slice(0, 200)}` });
    else if (c.expect === "either" && o.validateAccepted) {
      const v = await runCli(["validate", "--definitions", c.definitions ?? "defs", "--out", "out"], { cwd: box, limits: VALIDATE_LIMITS });
      problems.push(...runProblems(v, "validate"));
      if (v.code !== 0) problems.push({ kind: "invalid-output", detail: `accepted, but validate exits ${v.code}: ${(v.stdout + v.stderr).split("\n").find((l) => /^(FAIL|error:)/.test(l.trim()))?.trim().slice(0, 200) ?? ""}` });
    }
    if (c.expect === "bad" && o.absentToo) {
      remove(out);
      const r2 = await runCli(args, { cwd: box });
      problems.push(...runProblems(r2).map((p) => ({ ...p, detail: `--out absent: ${p.detail}` })));
      if (r2.code === 0) problems.push({ kind: "accepted", detail: "--out absent: exit 0 for bad input" });
      if (r2.code !== 0 && existsSync(out)) problems.push({ kind: "touched", detail: "--out absent: a failed generate created it" });
      const left2 = leftovers(box, "out");
      if (left2.length) problems.push({ kind: "leftover", detail: `--out absent: ${left2.join(", ")}` });
    }
    return { id: c.id, category: c.category, expect: c.expect, code: r.code, ms: r.ms, rssMb: r.rssMb, problems };
  } finally {
    remove(box);
  }
}

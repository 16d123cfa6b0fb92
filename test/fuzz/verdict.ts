/** What a case found: the problems a run of the CLI shows, by kind. */
import { hasStackTrace, type Run } from "./exec.ts";

export type ProblemKind =
  | "crash" // internal error, a signal, an exit code outside 0-3, a stack trace
  | "hang" // past the wall-time bound
  | "memory" // past the memory bound
  | "accepted" // bad input exited 0
  | "wrong-exit" // bad input exited 1 or 3
  | "rejected" // valid input did not generate
  | "message" // the error does not name the file, the field, or lacks its hint
  | "touched" // a failed run changed the output folder
  | "leftover" // staging trees or a lock left behind
  | "mixed" // an output folder that is neither the old nor the new tree
  | "absent" // no output folder at all where one was
  | "invalid-output" // accepted input whose output validate rejects
  | "orphan"; // processes left running

export const MUST_BE_ZERO: ProblemKind[] = ["crash", "hang", "memory", "accepted", "wrong-exit", "rejected", "message", "touched", "leftover", "mixed", "absent", "invalid-output", "orphan"];

export interface Problem {
  kind: ProblemKind;
  detail: string;
}

export interface Result {
  id: string;
  category: string;
  /** `bad` cases count in the exit-2 rate. */
  expect: string;
  code: number | null;
  ms: number;
  rssMb: number;
  problems: Problem[];
}

const firstLine = (s: string) => s.trim().split("\n")[0]?.slice(0, 200) ?? "";

/** Crash, hang and memory problems of any run. */
export function runProblems(r: Run, what = "generate"): Problem[] {
  const out: Problem[] = [];
  if (r.timedOut) out.push({ kind: "hang", detail: `${what} still running after ${r.ms} ms` });
  else if (r.outOfMemory) out.push({ kind: "memory", detail: `${what} passed ${r.rssMb} MB` });
  else if (r.signal) out.push({ kind: "crash", detail: `${what} died of ${r.signal}` });
  else if (r.code !== null && (r.code < 0 || r.code > 3)) out.push({ kind: "crash", detail: `${what} exited ${r.code}: ${firstLine(r.stderr)}` });
  if (/internal error/i.test(r.stderr)) out.push({ kind: "crash", detail: `internal error: ${firstLine(r.stderr)}` });
  if (hasStackTrace(r.stderr) || hasStackTrace(r.stdout)) out.push({ kind: "crash", detail: `stack trace or bundle source (${r.stderr.length} bytes of stderr): ${firstLine(r.stderr)}` });
  return out;
}

/** The message of a refused input: `error: <file>…: <what>` and a hint, naming what it must. */
export function messageProblems(r: Run, file: string, field?: string | string[], says?: string): Problem[] {
  const text = r.stderr;
  const missing: string[] = [];
  if (!/^error: /m.test(text)) missing.push("no `error:` line");
  if (!text.includes(file)) missing.push(`does not name ${file}`);
  const fields = field === undefined ? [] : Array.isArray(field) ? field : [field];
  if (fields.length && !fields.some((f) => text.includes(f))) missing.push(`does not name ${fields.join(" or ")}`);
  if (says && !text.includes(says)) missing.push(`does not say "${says}"`);
  if (!/^\s+hint: /m.test(text)) missing.push("no hint");
  return missing.length ? [{ kind: "message", detail: `${missing.join(", ")}: ${firstLine(text) || "(empty stderr)"}` }] : [];
}

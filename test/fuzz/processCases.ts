/**
 * Cases about processes rather than definitions: generate killed with SIGKILL at random
 * points, two generates racing into one folder. The output folder must always be the old or
 * the new tree, exactly; the next run must succeed and leave nothing behind.
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { renderTs } from "./ast.ts";
import { tsProject, tsSource } from "./bases.ts";
import { contentState, leftovers, ROOT, runCli, sameTree, start, treeDiff } from "./exec.ts";
import { rng } from "./random.ts";
import { remove, sandbox, writeFiles } from "./sandbox.ts";
import { brokenToolJobs } from "./toolCases.ts";
import { outPathJobs } from "./outCases.ts";
import { messageProblems, runProblems, type Problem, type Result } from "./verdict.ts";

export interface Job {
  id: string;
  category: string;
  run: () => Promise<Result>;
}

/** Two projects of different trees: the TypeScript base (old) and the bundled definitions (new, more files). */
function projects(box: string): { old: string; next: string } {
  writeFiles(join(box, "old"), { "index.ts": tsSource(tsProject(), (n) => renderTs(n)) });
  cpSync(join(ROOT, "definitions"), join(box, "next"), { recursive: true });
  return { old: "old", next: "next" };
}

/** The tree each project generates into a fresh folder, made once and shared by the trials. */
let references: Promise<{ old: Map<string, string>; next: Map<string, string>; ms: number }> | undefined;
function referenceTrees() {
  references ??= (async () => {
    const box = sandbox();
    try {
      const p = projects(box);
      const a = await runCli(["generate", "--definitions", p.old, "--out", "ref-old"], { cwd: box });
      const b = await runCli(["generate", "--definitions", p.next, "--out", "ref-next"], { cwd: box });
      if (a.code !== 0 || b.code !== 0) throw new Error(`reference trees do not generate: ${a.stderr}${b.stderr}`);
      return { old: contentState(join(box, "ref-old")), next: contentState(join(box, "ref-next")), ms: b.ms };
    } finally {
      remove(box);
    }
  })();
  return references;
}

const result = (id: string, category: string, problems: Problem[], code: number | null = null, ms = 0, rssMb = 0): Result => ({ id, category, expect: "process", code, ms, rssMb, problems });

/** Which reference tree `dir` is, or a problem saying it is neither. */
function oldOrNew(dir: string, refs: { old: Map<string, string>; next: Map<string, string> }, when: string): Problem[] {
  const now = contentState(dir);
  if (!now.size) return [{ kind: "absent", detail: `${when}: the output folder is gone` }];
  if (sameTree(now, refs.old) || sameTree(now, refs.next)) return [];
  return [{ kind: "mixed", detail: `${when}: neither tree (${now.size} files; vs old: ${treeDiff(refs.old, now, 3).join(", ")}; vs new: ${treeDiff(refs.next, now, 3).join(", ")})` }];
}

function killTrial(i: number, seed: number): Job {
  const id = `kill -9 trial ${i + 1}`;
  return {
    id,
    category: "kill",
    run: async () => {
      const refs = await referenceTrees();
      const box = sandbox();
      try {
        const p = projects(box);
        const first = await runCli(["generate", "--definitions", p.old, "--out", "out"], { cwd: box });
        if (first.code !== 0) return result(id, "kill", [{ kind: "rejected", detail: `the old tree does not generate: ${first.stderr.split("\n")[0]}` }]);
        // From the start of the process to past its usual end: load, compile, staging, publish.
        const delay = Math.round(rng(seed * 1000 + i)() * 1.4 * Math.max(refs.ms, first.ms));
        const run = start(["generate", "--definitions", p.next, "--out", "out"], { cwd: box });
        const timer = setTimeout(() => run.kill("SIGKILL"), delay);
        const killed = await run.done;
        clearTimeout(timer);
        const problems: Problem[] = [];
        if (!killed.signal && killed.code !== 0) problems.push(...runProblems(killed));
        problems.push(...oldOrNew(join(box, "out"), refs, `killed after ${delay} ms`));
        const again = await runCli(["generate", "--definitions", p.next, "--out", "out"], { cwd: box });
        problems.push(...runProblems(again, "the next generate"));
        if (again.code !== 0) problems.push({ kind: "rejected", detail: `the next generate exits ${again.code}: ${again.stderr.trim().split("\n")[0]}` });
        else if (!sameTree(contentState(join(box, "out")), refs.next)) problems.push({ kind: "mixed", detail: `after the next generate: ${treeDiff(refs.next, contentState(join(box, "out"))).join(", ")}` });
        const left = leftovers(box, "out");
        if (left.length) problems.push({ kind: "leftover", detail: `after the next generate: ${left.join(", ")}` });
        return result(`${id} (kill at ${delay} ms${killed.signal ? "" : ", it had ended"})`, "kill", problems, killed.code, killed.ms, killed.rssMb);
      } finally {
        remove(box);
      }
    },
  };
}

function raceTrial(i: number): Job {
  const id = `concurrent generates trial ${i + 1}`;
  return {
    id,
    category: "concurrent",
    run: async () => {
      const refs = await referenceTrees();
      const box = sandbox();
      try {
        const p = projects(box);
        // Half the trials start from a folder one of them wrote, half from none.
        if (i % 2 === 0) await runCli(["generate", "--definitions", p.old, "--out", "out"], { cwd: box });
        const a = start(["generate", "--definitions", p.old, "--out", "out"], { cwd: box });
        const b = start(["generate", "--definitions", p.next, "--out", "out"], { cwd: box });
        const [ra, rb] = await Promise.all([a.done, b.done]);
        const problems: Problem[] = [];
        for (const [name, r] of [["A", ra], ["B", rb]] as const) {
          problems.push(...runProblems(r, `generate ${name}`));
          if (r.code === 2) problems.push(...messageProblems(r, "out").map((x) => ({ ...x, detail: `generate ${name} gave up waiting: ${x.detail}` })));
          else if (r.code !== 0) problems.push({ kind: "rejected", detail: `generate ${name} exits ${r.code}: ${r.stderr.trim().split("\n")[0]}` });
        }
        problems.push(...oldOrNew(join(box, "out"), refs, "after both"));
        const left = leftovers(box, "out");
        if (left.length) problems.push({ kind: "leftover", detail: left.join(", ") });
        return result(id, "concurrent", problems, ra.code, Math.max(ra.ms, rb.ms), Math.max(ra.rssMb, rb.rssMb));
      } finally {
        remove(box);
      }
    },
  };
}

export function processJobs(o: { seed: number; kills: number; races: number }): Job[] {
  return [
    ...Array.from({ length: o.kills }, (_, i) => killTrial(i, o.seed)),
    ...Array.from({ length: o.races }, (_, i) => raceTrial(i)),
    ...outPathJobs(),
    ...brokenToolJobs(),
  ];
}

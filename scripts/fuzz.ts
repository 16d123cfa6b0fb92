/**
 * `npm run fuzz`: every bad-definitions case, kill -9 trials, concurrent generates, dangerous
 * `--out` values and broken tools, two at a time; prints the summary table and the failures,
 * and exits 1 when any count that must be 0 is not.
 *
 * FUZZ_FILTER=regex runs the cases whose id matches, FUZZ_SAMPLE=n a seeded sample of n of
 * the definitions cases; FUZZ_SEED changes the sample and the random delays;
 * FUZZ_KILLS and FUZZ_RACES set the number of trials; FUZZ_VALIDATE=0 skips validating
 * accepted input of undocumented outcome; FUZZ_REPORT=file writes the results as JSON.
 */
import { writeFileSync } from "node:fs";
import { definitionCases } from "../test/fuzz/cases.ts";
import { makeBaseline } from "../test/fuzz/baseline.ts";
import { processJobs } from "../test/fuzz/processCases.ts";
import { pool } from "../test/fuzz/pool.ts";
import { rng, sample } from "../test/fuzz/random.ts";
import { runDefCase } from "../test/fuzz/runDefs.ts";
import { remove } from "../test/fuzz/sandbox.ts";
import { summarize } from "../test/fuzz/summary.ts";
import type { Result } from "../test/fuzz/verdict.ts";

const env = process.env;
const filter = env.FUZZ_FILTER ? new RegExp(env.FUZZ_FILTER) : undefined;
const seed = Number(env.FUZZ_SEED ?? 1);
const t0 = performance.now();
const baseline = await makeBaseline();
const matching = definitionCases().filter((c) => !filter || filter.test(c.id));
const defs = env.FUZZ_SAMPLE ? sample(matching, Number(env.FUZZ_SAMPLE), rng(seed)) : matching;
const jobs: { id: string; run: () => Promise<Result> }[] = [
  ...defs.map((c, i) => ({ id: c.id, run: () => runDefCase(c, { baseline: baseline.out, absentToo: i % 5 === 0, validateAccepted: env.FUZZ_VALIDATE !== "0" }) })),
  ...processJobs({ seed, kills: Number(env.FUZZ_KILLS ?? 24), races: Number(env.FUZZ_RACES ?? 4) }).filter((j) => !filter || filter.test(j.id)),
];
process.stderr.write(`fuzz: ${jobs.length} cases (${defs.length} definitions), 2 at a time\n`);
const results = await pool(jobs, 2, (j) => j.run(), (r, done) => {
  if (r.problems.length || done % 50 === 0) process.stderr.write(`[${done}/${jobs.length}] ${r.problems.length ? "FAIL" : "ok  "} ${r.id}${r.problems.length ? `: ${r.problems.map((p) => p.kind).join(", ")}` : ""}\n`);
});
remove(baseline.dir);
const s = summarize(results);
if (env.FUZZ_REPORT) writeFileSync(env.FUZZ_REPORT, JSON.stringify(results, null, 2));
process.stdout.write(`${s.failures ? `Failures by cause:\n\n${s.failures}\n\n` : ""}${s.table}\n\nfuzz: ${results.length} cases in ${Math.round((performance.now() - t0) / 1000)} s; ${s.ok ? "every count that must be 0 is 0" : "FAILED: counts that must be 0 are not"}\n`);
process.exitCode = s.ok ? 0 : 1;

/**
 * `npm run fuzz`: every bad-definitions case, kill -9 trials, concurrent generates, dangerous
 * `--out` values and broken tools, two at a time; prints the failures by cause and the summary
 * table, and exits 1 when any count that must be 0 is not.
 *
 * FUZZ_FILTER=regex runs the cases whose id matches, FUZZ_SAMPLE=n a seeded sample of n of
 * the definitions cases; FUZZ_SEED changes the sample and the random delays; FUZZ_KILLS and
 * FUZZ_RACES set the number of trials; FUZZ_VALIDATE=n (default 30, `all`, 0) how many cases
 * of undocumented outcome also run validate on what they generate (seconds each); FUZZ_REPORT=file writes the results as JSON; FUZZ_IDS=file runs
 * only the cases whose ids it lists, one a line (e.g. the failures of an earlier report).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { makeBaseline } from "../test/fuzz/baseline.ts";
import { suite } from "../test/fuzz/jobs.ts";
import { pool } from "../test/fuzz/pool.ts";
import { remove } from "../test/fuzz/sandbox.ts";
import { summarize } from "../test/fuzz/summary.ts";

const env = process.env;
const t0 = performance.now();
const baseline = await makeBaseline();
const jobs = suite(() => baseline.out, {
  seed: Number(env.FUZZ_SEED ?? 1),
  kills: Number(env.FUZZ_KILLS ?? 24),
  races: Number(env.FUZZ_RACES ?? 4),
  validate: env.FUZZ_VALIDATE === "all" ? Infinity : Number(env.FUZZ_VALIDATE ?? 30),
  ...(env.FUZZ_FILTER ? { filter: new RegExp(env.FUZZ_FILTER) } : {}),
  ...(env.FUZZ_SAMPLE ? { sampleSize: Number(env.FUZZ_SAMPLE) } : {}),
  ...(env.FUZZ_IDS ? { ids: new Set(readFileSync(env.FUZZ_IDS, "utf8").split("\n").filter(Boolean)) } : {}),
});
process.stderr.write(`fuzz: ${jobs.length} cases, 2 at a time\n`);
const results = await pool(jobs, 2, (j) => j.run(), (r, done) => {
  if (r.problems.length || done % 50 === 0) process.stderr.write(`[${done}/${jobs.length}] ${r.problems.length ? "FAIL" : "ok  "} ${r.id}${r.problems.length ? `: ${r.problems.map((p) => p.kind).join(", ")}` : ""}\n`);
});
remove(baseline.dir);
const s = summarize(results);
if (env.FUZZ_REPORT) writeFileSync(env.FUZZ_REPORT, JSON.stringify(results, null, 2));
process.stdout.write(`${s.failures ? `Failures by cause:\n\n${s.failures}\n\n` : ""}${s.table}\n\nfuzz: ${results.length} cases in ${Math.round((performance.now() - t0) / 1000)} s; ${s.ok ? "every count that must be 0 is 0" : "FAILED: counts that must be 0 are not"}\n`);
process.exitCode = s.ok ? 0 : 1;

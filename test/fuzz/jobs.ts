/** The fuzz suite as jobs: the whole of it (`npm run fuzz`) or a seeded sample of every category (`npm test`). */
import { definitionCases, type DefCase } from "./cases.ts";
import { processJobs, type Job } from "./processCases.ts";
import { rng, sample } from "./random.ts";
import { runDefCase, type DefOptions } from "./runDefs.ts";

export type { Job };

export function definitionJobs(cases: DefCase[], baseline: () => string, o: Omit<DefOptions, "baseline" | "absentToo"> & { absentEvery: number }): Job[] {
  return cases.map((c, i) => ({
    id: c.id,
    category: c.category,
    run: () => runDefCase(c, { baseline: baseline(), absentToo: o.absentEvery > 0 && i % o.absentEvery === 0, validateAccepted: o.validateAccepted }),
  }));
}

export interface SuiteOptions {
  seed: number;
  kills: number;
  races: number;
  validateAccepted: boolean;
  filter?: RegExp;
  /** A seeded sample of this many definitions cases instead of all. */
  sampleSize?: number;
}

export function suite(baseline: () => string, o: SuiteOptions): Job[] {
  const matching = definitionCases().filter((c) => !o.filter || o.filter.test(c.id));
  const defs = o.sampleSize !== undefined ? sample(matching, o.sampleSize, rng(o.seed)) : matching;
  return [
    ...definitionJobs(defs, baseline, { absentEvery: 5, validateAccepted: o.validateAccepted }),
    ...processJobs({ seed: o.seed, kills: o.kills, races: o.races }).filter((j) => !o.filter || o.filter.test(j.id)),
  ];
}

/** How many definitions cases of each category the sample takes. */
const SAMPLE_PER_CATEGORY: Record<string, number> = { dsl: 14, sloth: 6, openslo: 8, "llmops.yaml": 3, "yaml-file": 8, "ts-module": 9 };
const SAMPLE_PROCESS = /^(kill -9 trial [123]|concurrent generates trial 1|out-path: --out (\. in a git|the definitions folder|a regular file|a symlink to a folder of user|with spaces)|out-path: a user's file in|validate-tools: promtool prints SUCCESS)\b/;

/** About 60 cases over every category, the same ones for a seed; runs in well under a minute on two cores. */
export function sampleSuite(baseline: () => string, seed: number): Job[] {
  const next = rng(seed);
  const all = definitionCases();
  const defs = Object.entries(SAMPLE_PER_CATEGORY).flatMap(([cat, n]) => sample(all.filter((c) => c.category === cat), n, next));
  return [
    ...definitionJobs(defs, baseline, { absentEvery: 0, validateAccepted: false }),
    ...processJobs({ seed, kills: 3, races: 1 }).filter((j) => SAMPLE_PROCESS.test(j.id)),
  ];
}

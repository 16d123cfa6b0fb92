/** The fuzz suite as jobs: the whole of it (`npm run fuzz`) or a seeded sample of every category (`npm test`). */
import { definitionCases, type DefCase } from "./cases.ts";
import { processJobs, type Job } from "./processCases.ts";
import { rng, sample } from "./random.ts";
import { runDefCase } from "./runDefs.ts";

export type { Job };

/**
 * `validate` takes seconds where generate takes a fraction of one, so only `validate` of the
 * `either` cases (a seeded sample of them, or all) checks what they generate.
 */
export function definitionJobs(cases: DefCase[], baseline: () => string, o: { absentEvery: number; validate: number; seed: number }): Job[] {
  const either = cases.filter((c) => c.expect === "either");
  const validated = new Set(sample(either, o.validate, rng(o.seed + 1)).map((c) => c.id));
  return cases.map((c, i) => ({
    id: c.id,
    category: c.category,
    run: () => runDefCase(c, { baseline: baseline(), absentToo: o.absentEvery > 0 && i % o.absentEvery === 0, validateAccepted: validated.has(c.id) }),
  }));
}

export interface SuiteOptions {
  seed: number;
  kills: number;
  races: number;
  /** How many `either` cases validate what they generate (Infinity: all). */
  validate: number;
  filter?: RegExp;
  /** Only the cases of these ids (e.g. the failures of an earlier run). */
  ids?: Set<string>;
  /** A seeded sample of this many definitions cases instead of all. */
  sampleSize?: number;
}

export function suite(baseline: () => string, o: SuiteOptions): Job[] {
  const wanted = (id: string) => (!o.filter || o.filter.test(id)) && (!o.ids || o.ids.has(id) || [...o.ids].some((x) => x.startsWith(`${id} (`)));
  const matching = definitionCases().filter((c) => wanted(c.id));
  const defs = o.sampleSize !== undefined ? sample(matching, o.sampleSize, rng(o.seed)) : matching;
  return [
    ...definitionJobs(defs, baseline, { absentEvery: 5, validate: o.validate, seed: o.seed }),
    ...processJobs({ seed: o.seed, kills: o.kills, races: o.races }).filter((j) => wanted(j.id)),
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
    ...definitionJobs(defs, baseline, { absentEvery: 0, validate: 0, seed }),
    ...processJobs({ seed, kills: 3, races: 1 }).filter((j) => SAMPLE_PROCESS.test(j.id)),
  ];
}

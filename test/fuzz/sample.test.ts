/**
 * A seeded sample of the fuzz suite (`npm run fuzz` runs all of it): bad definitions of every
 * format, whole files and modules, three kill -9 trials, one race of two generates, dangerous
 * `--out` values and a promtool that says SUCCESS to everything. Each case must show no
 * problem: exit 2 naming file and field, no stack trace, the output untouched, bounded time and
 * memory, the old or the new tree after a kill, nothing left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBaseline } from "./baseline.ts";
import { sampleSuite } from "./jobs.ts";
import { pool } from "./pool.ts";
import { remove } from "./sandbox.ts";
import type { Result } from "./verdict.ts";

let baseline: { dir: string; out: string } | undefined;
const jobs = sampleSuite(() => baseline!.out, 20_26);
const results = new Map<string, Result>();

describe("fuzz sample", () => {
  beforeAll(async () => {
    baseline = await makeBaseline();
    await pool(jobs, 2, async (j) => {
      results.set(j.id, await j.run());
    });
  }, 600_000);
  afterAll(() => {
    if (baseline) remove(baseline.dir);
  });

  it("covers every category", () => {
    expect(new Set(jobs.map((j) => j.category))).toEqual(new Set(["dsl", "sloth", "openslo", "llmops.yaml", "yaml-file", "ts-module", "kill", "concurrent", "out-path", "validate-tools"]));
    expect(jobs.length).toBeGreaterThanOrEqual(55);
  });

  it.each(jobs.map((j) => [j.id]))("%s", (id) => {
    const r = results.get(id);
    expect(r, "the case did not run").toBeDefined();
    expect(r!.problems.map((p) => `${p.kind}: ${p.detail}`)).toEqual([]);
  });
});

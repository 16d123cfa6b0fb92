/** NaN and ±Infinity are found wherever a definition holds a number, and named by field. */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { nonFiniteNumbers, unreported } from "../../src/model/finite.ts";

const found = (spec: unknown) => nonFiniteNumbers(spec, "index.ts").map((e) => `${e.where.path}: ${e.message}`);

describe("non-finite numbers", () => {
  it("are named by their path, items by their name or title", () => {
    const spec: Record<string, unknown> = {
      services: [{ name: "svc", spendBudget: { monthlyUsd: Infinity }, slos: [{ name: "a", sli: { threshold: NaN } }] }],
      dashboards: [{ title: "D", panels: [{ title: "P", thresholds: [[null, "green"], [-Infinity, "red"]], build: () => NaN }] }],
      conventions: { metrics: [{ name: "m", buckets: [1, NaN] }] },
      fine: [0, -0, 1e308, -5],
    };
    spec.self = spec;
    expect(found(spec)).toEqual([
      'services[0] "svc".spendBudget.monthlyUsd: Infinity is not a finite number',
      'services[0] "svc".slos[0] "a".sli.threshold: NaN is not a finite number',
      'dashboards[0] "D".panels[0] "P".thresholds[1][0]: -Infinity is not a finite number',
      'conventions.metrics[0] "m".buckets[1]: NaN is not a finite number',
    ]);
  });

  it("give way to a field's own check of the same field", () => {
    const generic = nonFiniteNumbers({ services: [{ name: "svc", alerts: [{ name: "Slow", above: Infinity }], spendBudget: { monthlyUsd: NaN } }] }, "index.ts");
    const own = new UserError({ file: "index.ts:5", path: 'services[0] "svc".alerts[0] "Slow".above' }, "Infinity is not a threshold in seconds", "h");
    expect(unreported(generic, [own]).map((e) => e.where.path)).toEqual(['services[0] "svc".spendBudget.monthlyUsd']);
  });
});

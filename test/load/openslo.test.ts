/**
 * OpenSLO v1 as the loader reads it: each field the specification defines is taken or refused
 * by its own name, a misspelt one is refused, and each error names the file and line, the
 * document and the field as the user wrote it.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { readYamlServices } from "../../src/load/yaml.ts";
import type { TimesliceSLISpec } from "../../src/dsl/spec.ts";
import { definitionsDir, refusedBy } from "../helpers.ts";
import { OPENSLO } from "./opensloBase.ts";


function load(yaml: string) {
  const dir = definitionsDir({ "openslo.yaml": yaml });
  return readYamlServices([join(dir, "openslo.yaml")]);
}

const refusal = (yaml: string): UserError => refusedBy(() => load(yaml));

/** `from` replaced once in the base; the replacement must apply. */
function edit(from: string | RegExp, to: string): string {
  const out = OPENSLO.replace(from, to);
  expect(out, `${String(from)} in the base`).not.toBe(OPENSLO);
  return out;
}

describe("the OpenSLO base", () => {
  it("loads, vendor fields and all the fields the specification defines included", () => {
    const [shop] = load(OPENSLO);
    expect(shop!.slos!.map((s) => s.name)).toEqual(["shop-availability", "shop-latency"]);
  });
});

describe("a misspelt OpenSLO field is refused by name", () => {
  const cases: [string, string | RegExp, string, string][] = [
    ["DataSource description", "description: Prometheus", "decsription: Prometheus", "document 1: spec.decsription"],
    ["DataSource connectionDetails", "connectionDetails:", "connectionDetail:", "document 1: spec.connectionDetail"],
    ["metadata displayName", "metadata: { name: shop-errors }", "metadata: { name: shop-errors, dispalyName: x }", "document 2: metadata.dispalyName"],
    ["metricSourceRef", "bad: { metricSource: { metricSourceRef", "bad: { metricSource: { metricSourceRf", "document 2: spec.ratioMetric.bad.metricSource.metricSourceRf"],
    ["metric source type", "metricSource: { type: Prometheus", "metricSource: { typ: Prometheus", "document 6: spec.indicator.spec.thresholdMetric.metricSource.typ"],
    ["counter", "counter: true", "countr: true", "document 2: spec.ratioMetric.countr"],
    ["severity", "severity: page", "severty: page", "document 3: spec.severty"],
    ["alertAfter", "alertAfter: 2m", "alertAftr: 2m", "document 3: spec.condition.alertAftr"],
    ["alertWhenNoData", "alertWhenNoData: false", "alertWhenNoDta: false", "document 4: spec.alertWhenNoDta"],
    ["an inline condition's kind", "    - kind: AlertCondition", "    - knd: AlertCondition", "document 4: spec.conditions[1].knd"],
    ["alertPolicies", "alertPolicies: [shop-paging]", "alertPolicy: [shop-paging]", "document 5: spec.alertPolicy"],
    ["budgetingMethod", "budgetingMethod: Occurrences", "budgetMethod: Occurrences", "document 5: spec.budgetMethod"],
    ["timeWindow", "timeWindow: [{ duration: 30d", "timeWindows: [{ duration: 30d", "document 5: spec.timeWindows"],
    ["isRolling", "duration: 30d, isRolling", "duration: 30d, isRoling", "document 5: spec.timeWindow[0].isRoling"],
    ["an objective's displayName", "displayName: Good", "displayNme: Good", "document 5: spec.objectives[0].displayNme"],
    ["a required field, misspelt: the typo is named, not the missing field", "service: shop\n  indicatorRef", "servce: shop\n  indicatorRef", "document 5: spec.servce"],
    ["the SLO's description", "description: Shop requests", "descripton: Shop requests", "document 5: spec.descripton"],
  ];
  for (const [name, from, to, path] of cases) {
    it(name, () => {
      const e = refusal(edit(from, to));
      expect(e.where.path).toBe(path);
      expect(e.message).toBe("unknown field");
      expect(e.where.file).toMatch(/openslo\.yaml:\d+$/);
    });
  }
  it("an inline condition without kind", () => {
    const e = refusal(edit("    - kind: AlertCondition\n      metadata", "    - metadata"));
    expect(e.where.path).toBe("document 4: spec.conditions[1].kind");
    expect(e.message).toBe("missing required field");
  });
  it("an inline condition without metadata", () => {
    expect(refusal(edit("      metadata: { name: slow-burn, labels: { team: [a, b] } }\n", "")).where.path).toBe("document 4: spec.conditions[1].metadata");
  });
  it("an inline indicator without metadata", () => {
    expect(refusal(edit("    metadata: { name: shop-p95 }\n", "")).where.path).toBe("document 6: spec.indicator.metadata");
  });
  it("a field beside metadata and spec", () => {
    const e = refusal(edit("kind: SLI\n", "kind: SLI\nmetdata: {}\n"));
    expect(e.where.path).toBe("document 2: metdata");
  });
});

describe("a wrong header is reported as the header", () => {
  for (const kind of ["DataSource", "SLI", "AlertCondition", "AlertPolicy", "SLO"]) {
    it(`${kind} without kind`, () => {
      const e = refusal(edit(`kind: ${kind}\n`, ""));
      expect(e.where.path).toMatch(/^document \d: kind$/);
      expect(e.message).toBe("missing required field");
    });
    it(`${kind} with kind misspelt`, () => {
      const e = refusal(edit(`kind: ${kind}\n`, `kidn: ${kind}\n`));
      expect(e.where.path).toMatch(/^document \d: kind$/);
    });
  }
  it("an unknown kind lists the kinds", () => {
    const e = refusal(edit("kind: SLI\n", "kind: Composite\n"));
    expect(e.where.path).toBe("document 2: kind");
    expect(e.message).toMatch(/^must be one of "SLO", "SLI"/);
  });
  it("openslo/v2alpha names the supported version", () => {
    const e = refusal(edit("apiVersion: openslo/v1\nkind: SLI", "apiVersion: openslo/v2alpha\nkind: SLI"));
    expect(e.where.path).toBe("document 2: apiVersion");
    expect(e.message).toBe('must be one of "openslo/v1", "openslo/v1alpha"');
  });
});

describe("names, labels and severities", () => {
  const names = ["", "../../etc", "{{x}}", "a\u0007b", "a\u2028b", "Bad Name!"];
  for (const n of names) {
    it(`an inline indicator named ${JSON.stringify(n)}`, () => {
      const e = refusal(edit("name: shop-p95", `name: ${JSON.stringify(n)}`));
      expect(e.where.path).toBe("document 6: spec.indicator.metadata.name");
    });
    it(`an inline condition named ${JSON.stringify(n)}`, () => {
      const e = refusal(edit("name: slow-burn", `name: ${JSON.stringify(n)}`));
      expect(e.where.path).toBe("document 4: spec.conditions[1].metadata.name");
    });
    it(`an SLI named ${JSON.stringify(n)}`, () => {
      const e = refusal(edit("metadata: { name: shop-errors }", `metadata: { name: ${JSON.stringify(n)} }`));
      expect(e.where.path).toBe("document 2: metadata.name");
    });
  }
  it("names in capitals, as the specification's own examples write them, load", () => {
    expect(load(edit(/shop-paging/g, "ShopPaging"))).toHaveLength(1);
  });
  for (const key of ["", "__name__", "bad key", "-x"]) {
    it(`a label key ${JSON.stringify(key)}`, () => {
      const e = refusal(edit("labels: { team: payments }", `labels: { ${JSON.stringify(key)}: payments }`));
      expect(e.where.path).toBe(`document 1: metadata.labels.${key}`);
      expect(e.message).toMatch(/is not a valid label key/);
    });
  }
  it("a label value with U+2028, in a list of values", () => {
    const e = refusal(edit("team: [a, b]", 'team: [a, "b\\u2028c"]'));
    expect(e.where.path).toBe("document 4: spec.conditions[1].metadata.labels.team[1]");
    expect(e.message).toMatch(/U\+2028/);
  });
  for (const sev of ["a\\u2028b", "a\\u0007b", "", "{{ $value }}"]) {
    it(`a severity ${sev}`, () => {
      const e = refusal(edit("severity: ticket", `severity: "${sev}"`));
      expect(e.where.path).toBe("document 4: spec.conditions[1].spec.severity");
    });
  }
});

describe("numbers", () => {
  const slice = (v: string) => edit("timeSliceTarget: 0.95", v);
  it("timeSliceTarget makes the share of good points in a slice the slice's verdict", () => {
    const sli = load(OPENSLO)[0]!.slos![1]!.sli as TimesliceSLISpec;
    expect(sli).toEqual({
      kind: "timeslice",
      measure: { query: 'avg_over_time((histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="shop"}[5m]))) <= bool 0.5)[{{.window}}:])' },
      op: ">=",
      threshold: 0.95,
      slice: "5m",
    });
  });
  it("timeSliceTarget 1: every point of the slice", () => {
    expect((load(slice("timeSliceTarget: 1"))[0]!.slos![1]!.sli as TimesliceSLISpec).threshold).toBe(1);
  });
  for (const [label, text] of [["missing", ""], ["0", "timeSliceTarget: 0"], ["99.9", "timeSliceTarget: 99.9"], ["negative", "timeSliceTarget: -0.5"]] as const) {
    it(`timeSliceTarget ${label}`, () => {
      const e = refusal(slice(text).replace("{ op: lte, value: 0.5, , ", "{ op: lte, value: 0.5, "));
      expect(e.where.path).toBe("document 6: spec.objectives[0].timeSliceTarget");
    });
  }
  for (const [field, from] of [
    ["spec.objectives[0].timeSliceTarget", "timeSliceTarget: 0.95"],
    ["spec.objectives[0].value", "value: 0.5"],
    ["spec.objectives[0].targetPercent", "targetPercent: 99"],
  ] as const) {
    for (const v of [".nan", ".inf", "-.inf"]) {
      it(`${field}: ${v}`, () => {
        const e = refusal(edit(from, `${from.split(":")[0]}: ${v}`));
        expect(e.where.path).toBe(`document 6: ${field}`);
        expect(e.message).toBe("must be a finite number");
      });
    }
  }
  it("a condition's threshold .inf", () => {
    const e = refusal(edit("threshold: 14.4", "threshold: .inf"));
    expect(e.where.path).toBe("document 3: spec.condition.threshold");
  });
  it("a negative objective value", () => {
    expect(refusal(edit("value: 0.5", "value: -1")).where.path).toBe("document 6: spec.objectives[0].value");
  });
  for (const v of ["0", "100", "-1", "1e308"]) {
    it(`targetPercent ${v} names targetPercent`, () => {
      expect(refusal(edit("targetPercent: 99", `targetPercent: ${v}`)).where.path).toBe("document 6: spec.objectives[0].targetPercent");
    });
  }
  it("targetPercent with more than 4 decimals names targetPercent", () => {
    expect(refusal(edit("targetPercent: 99", "targetPercent: 99.99999999999999")).where.path).toBe("document 6: spec.objectives[0].targetPercent");
  });
  it("target with more than 6 decimals (4 as a percentage) names target", () => {
    expect(refusal(edit("target: 0.999", "target: 0.99999999999999")).where.path).toBe("document 5: spec.objectives[0].target");
  });
  for (const v of ["0", "-2"]) {
    it(`a threshold of ${v} names threshold`, () => {
      expect(refusal(edit("threshold: 14.4", `threshold: ${v}`)).where.path).toBe("document 3: spec.condition.threshold");
    });
  }
  it("a lookback window longer than the SLO's names lookbackWindow", () => {
    expect(refusal(edit("lookbackWindow: 3d", "lookbackWindow: 30d")).where.path).toBe("document 4: spec.conditions[1].spec.condition.lookbackWindow");
  });
  it("a huge alertAfter names alertAfter", () => {
    expect(refusal(edit("alertAfter: 2m", "alertAfter: 99999999999999999999d")).where.path).toBe("document 3: spec.condition.alertAfter");
  });
  it("alertAfter: 0s is valid, as the specification's default of 0m", () => {
    const [shop] = load(edit("alertAfter: 2m", "alertAfter: 0s"));
    expect(shop!.slos![0]!.alerting!.page!.for).toBe("0s");
  });
  it("a composite objective is refused by name", () => {
    expect(refusal(edit("target: 0.999 }", "target: 0.999, indicatorRef: shop-errors }")).where.path).toBe("document 5: spec.objectives[0].indicatorRef");
  });
});

import { describe, expect, it } from "vitest";
import { leMatcher, paren, quote, selector } from "../../src/promql/build.ts";
import { analyze, parseError } from "../../src/promql/parse.ts";

describe("PromQL building", () => {
  it("escapes label values", () => {
    expect(quote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(selector({ series: "m", matchers: [{ label: "x", op: "=~", value: 'a"|b' }] })).toBe('m{x=~"a\\"|b"}');
  });
  it("matches le bounds as Prometheus 2 and 3 write them", () => {
    expect(selector({ series: "h_bucket", matchers: [leMatcher(3)] })).toBe('h_bucket{le=~"3(\\\\.0)?"}');
    expect(selector({ series: "h_bucket", matchers: [leMatcher(0.25)] })).toBe('h_bucket{le=~"0\\\\.25"}');
  });
  it("parenthesizes only what needs it", () => {
    expect(paren("sum(rate(x[5m]))")).toBe("sum(rate(x[5m]))");
    expect(paren("sum by (a) (rate(x[5m]))")).toBe("sum by (a) (rate(x[5m]))");
    expect(paren("a / b")).toBe("(a / b)");
    expect(paren("(a) / (b)")).toBe("((a) / (b))");
  });
});

describe("PromQL analysis (lezer-promql)", () => {
  it("finds selectors and the range function applied to them", () => {
    const a = analyze('sum(rate(llm_requests_total{status="error"}[5m])) / sum(llm_quality_score)');
    expect(a.errors).toEqual([]);
    expect(a.selectors.map((s) => [s.name, s.rangeFn, s.labels])).toEqual([
      ["llm_requests_total", "rate", ["status"]],
      ["llm_quality_score", undefined, []],
    ]);
  });
  it("reports where a broken expression stops parsing", () => {
    expect(parseError("sum(rate(x[5m]) +")).toMatch(/does not parse at character/);
    expect(parseError("month(timestamp(x @ end()))")).toBeUndefined();
  });
});

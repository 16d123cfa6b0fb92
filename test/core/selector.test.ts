/** One vector selector read with the Prometheus grammar into the series and matchers the builders render. */
import { describe, expect, it } from "vitest";
import { readSelector } from "../../src/promql/selector.ts";
import { rangeFn, selector, sum } from "../../src/promql/build.ts";

describe("readSelector", () => {
  it("reads the metric and each matcher, values unquoted", () => {
    expect(readSelector('x_total{a="1",b!="2",c=~"3|4",d!~\'5\',}')).toEqual({
      ok: true,
      selection: {
        series: "x_total",
        matchers: [
          { label: "a", op: "=", value: "1" },
          { label: "b", op: "!=", value: "2" },
          { label: "c", op: "=~", value: "3|4" },
          { label: "d", op: "!~", value: "5" },
        ],
      },
    });
    expect(readSelector("job:requests:rate5m")).toEqual({ ok: true, selection: { series: "job:requests:rate5m", matchers: [] } });
  });

  it("reads Prometheus 3's UTF-8 form: a quoted metric name in the braces, quoted label names", () => {
    expect(readSelector('{"gen_ai.client.operation.duration_seconds_count", "error.type"!="", job="a"}')).toEqual({
      ok: true,
      selection: {
        series: "gen_ai.client.operation.duration_seconds_count",
        matchers: [
          { label: "error.type", op: "!=", value: "" },
          { label: "job", op: "=", value: "a" },
        ],
      },
    });
    expect(readSelector('x{"a.b"="c"}')).toEqual({ ok: true, selection: { series: "x", matchers: [{ label: "a.b", op: "=", value: "c" }] } });
  });

  for (const text of ["x offset 5m", "x[5m]", "x @ 100", "sum(x)", "x + y", '{"a.b"="c"}', 'x{"y"}', ""]) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      expect(readSelector(text).ok).toBe(false);
    });
  }
});

describe("a selection read back renders as written", () => {
  it("a count of samples over a window, summed by a label", () => {
    const read = readSelector('probe_success{job="blackbox",module!~"icmp|tcp"}');
    if (!read.ok) throw new Error(read.problem);
    expect(sum(rangeFn("count_over_time", selector(read.selection), "1h"), ["instance"])).toBe('sum by (instance) (count_over_time(probe_success{job="blackbox",module!~"icmp|tcp"}[1h]))');
  });
});

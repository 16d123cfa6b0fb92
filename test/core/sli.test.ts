/** Each SLI kind, the rules it records: a definition in, the expressions out. */
import { describe, expect, it } from "vitest";
import { defineProject, presets, service, sli, slo, type SLISpec } from "../../src/index.ts";
import { normalize } from "../../src/model/normalize.ts";
import { metadataRules, sliRecordingRules } from "../../src/compile/prometheus/sliRules.ts";
import { burnRateAlerts } from "../../src/compile/prometheus/burnRate.ts";

function rulesOf(spec: SLISpec, objective = 99, conventions = presets.lab()) {
  const model = normalize(
    defineProject({ name: "t", conventions, services: [service({ name: "svc", slos: [slo({ name: "s", objective, sli: spec })] })] }),
    "test.ts",
  );
  const s = model.services[0]!.slos[0]!;
  return { slo: s, rules: Object.fromEntries(sliRecordingRules(s).map((r) => [r.record, r.expr])), meta: metadataRules(s) };
}

describe("ratio SLI", () => {
  it("availability: errors over requests, 0 not absent while no error exists", () => {
    const { rules } = rulesOf(sli.availability());
    expect(rules["slo:sli_errors:rate5m"]).toBe(
      '(sum(rate(llm_requests_total{job="svc",status="error"}[5m])) or 0 * sum(rate(llm_requests_total{job="svc"}[5m])))',
    );
    expect(rules["slo:sli_events:rate5m"]).toBe('sum(rate(llm_requests_total{job="svc"}[5m]))');
    expect(rules["slo:sli_error:ratio_rate1h"]).toBe(
      '(sum(rate(llm_requests_total{job="svc",status="error"}[1h])) or 0 * sum(rate(llm_requests_total{job="svc"}[1h]))) / sum(rate(llm_requests_total{job="svc"}[1h]))',
    );
  });
  it("the period ratio is event-weighted from 5m recordings, never a raw 30d range", () => {
    const { rules } = rulesOf(sli.availability());
    expect(rules["slo:sli_error:ratio_rate30d"]).toBe(
      'sum_over_time(slo:sli_errors:rate5m{llmops_service="svc",llmops_slo="s"}[30d]) / sum_over_time(slo:sli_events:rate5m{llmops_service="svc",llmops_slo="s"}[30d])',
    );
  });
  it("good events: total minus good", () => {
    const { rules } = rulesOf(sli.ratio({ events: "requests", good: { status: "success" } }));
    expect(rules["slo:sli_errors:rate5m"]).toBe(
      '(sum(rate(llm_requests_total{job="svc"}[5m])) - (sum(rate(llm_requests_total{job="svc",status="success"}[5m])) or 0 * sum(rate(llm_requests_total{job="svc"}[5m]))))',
    );
  });
  it("OpenTelemetry GenAI: errors carry error_type", () => {
    const { rules } = rulesOf(sli.availability(), 99, presets.otelGenAI());
    expect(rules["slo:sli_events:rate5m"]).toBe('sum(rate(gen_ai_client_operation_duration_seconds_count{job="svc"}[5m]))');
    expect(rules["slo:sli_errors:rate5m"]).toContain('gen_ai_client_operation_duration_seconds_count{job="svc",error_type!=""}');
  });
});

describe("latency SLI", () => {
  it("requests slower than the bucket bound over all requests", () => {
    const { rules } = rulesOf(sli.latency({ threshold: 3 }), 95);
    expect(rules["slo:sli_errors:rate5m"]).toBe(
      '(sum(rate(llm_request_duration_seconds_count{job="svc"}[5m])) - (sum(rate(llm_request_duration_seconds_bucket{job="svc",le=~"3(\\\\.0)?"}[5m])) or 0 * sum(rate(llm_request_duration_seconds_count{job="svc"}[5m]))))',
    );
  });
  it("time to first token reads its own histogram", () => {
    const { rules } = rulesOf(sli.timeToFirstToken({ threshold: 1 }), 95);
    expect(rules["slo:sli_events:rate5m"]).toBe('sum(rate(llm_time_to_first_token_seconds_count{job="svc"}[5m]))');
  });
});

describe("timeslice SLI", () => {
  it.each([
    ["costPerRequest", "<", 0.02, 'sum(rate(llm_cost_usd_total{job="svc"}[5m])) / sum(rate(llm_requests_total{job="svc"}[5m]))', ">= bool 0.02"],
    ["tokensPerRequest", "<", 1000, 'sum(rate(llm_tokens_used_total{job="svc",type=~"prompt|completion"}[5m])) / sum(rate(llm_requests_total{job="svc"}[5m]))', ">= bool 1000"],
    ["quality", ">=", 4, 'avg(avg_over_time(llm_quality_score{job="svc"}[5m]))', "< bool 4"],
  ] as const)("%s %s %s", (measure, op, threshold, value, bad) => {
    const { rules } = rulesOf(sli.timeslice({ measure, op, threshold }), 90);
    expect(rules["slo:sli_measure:value"]).toBe(value);
    expect(rules["slo:sli_bad_slice:bool"]).toBe(`slo:sli_measure:value{llmops_service="svc",llmops_slo="s"} ${bad}`);
    expect(rules["slo:sli_error:ratio_rate6h"]).toBe('avg_over_time(slo:sli_bad_slice:bool{llmops_service="svc",llmops_slo="s"}[6h])');
  });
});

describe("raw SLI", () => {
  it("fills {{.window}} per window and keeps NaN out of the period", () => {
    const { rules } = rulesOf(sli.raw({ errorRatio: "sum(rate(x_errors[{{.window}}])) / sum(rate(x_total[{{.window}}]))" }));
    expect(rules["slo:sli_error:ratio_rate2h"]).toBe("(sum(rate(x_errors[2h])) / sum(rate(x_total[2h])))");
    // A zero-traffic 5m (NaN) is never recorded, so the period averages every sample since the first evaluation.
    expect(rules["slo:sli_error:ratio_rate5m"]).toBe("(sum(rate(x_errors[5m])) / sum(rate(x_total[5m]))) >= 0");
    expect(rules["slo:sli_error:ratio_rate30d"]).toBe('avg_over_time(slo:sli_error:ratio_rate5m{llmops_service="svc",llmops_slo="s"}[30d])');
  });
});

describe("metadata and alerts", () => {
  it("objective, budget and burn rates are exact", () => {
    const { meta } = rulesOf(sli.availability(), 99.9);
    expect(meta.map((r) => [r.record, r.expr])).toEqual([
      ["slo:objective:ratio", "vector(0.999)"],
      ["slo:error_budget:ratio", "vector(0.001)"],
      ["slo:time_period:days", "vector(30)"],
      ["slo:current_burn_rate:ratio", 'slo:sli_error:ratio_rate5m{llmops_service="svc",llmops_slo="s"} / 0.001'],
      ["slo:period_burn_rate:ratio", 'slo:sli_error:ratio_rate30d{llmops_service="svc",llmops_slo="s"} / 0.001'],
      ["slo:period_error_budget_remaining:ratio", '1 - slo:period_burn_rate:ratio{llmops_service="svc",llmops_slo="s"}'],
    ]);
  });
  it("page and ticket alerts OR their window pairs", () => {
    const { slo: s } = rulesOf(sli.availability(), 99.9);
    const [page, ticket] = burnRateAlerts(s);
    expect(page!.labels).toEqual({ severity: "page", llmops_tier: "page" });
    expect(page!.expr).toContain('slo:sli_error:ratio_rate5m{llmops_service="svc",llmops_slo="s"} > (14.4 * 0.001)');
    expect(page!.expr).toContain('slo:sli_error:ratio_rate6h{llmops_service="svc",llmops_slo="s"} > (6 * 0.001)');
    expect(ticket!.expr).toContain('slo:sli_error:ratio_rate3d{llmops_service="svc",llmops_slo="s"} > (1 * 0.001)');
    expect(page!.annotations.description).toContain("{{ $value | humanizePercentage }}");
  });
  it("28-day windows scale the factors", () => {
    const model = normalize(
      defineProject({ name: "t", conventions: presets.lab(), services: [service({ name: "svc", slos: [slo({ name: "s", objective: 99, window: "28d", sli: sli.availability() })] })] }),
      "t.ts",
    );
    const [page, ticket] = burnRateAlerts(model.services[0]!.slos[0]!);
    expect(page!.expr).toContain("(13.44 * 0.01)");
    expect(ticket!.expr).toContain("(0.933333333333 * 0.01)");
  });
});
